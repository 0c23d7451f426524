import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const c = loadConfig([], {}, '/srv');
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/.tandem-data',
      workspace: null,
      autosaveMs: 1000,
      headless: false,
      tokenFromEnv: false,
    });
    expect(c.token.length).toBeGreaterThanOrEqual(24);
    expect(loadConfig([], {}, '/srv').token).not.toBe(c.token);
  });

  it('reads the workspace from the argument or TANDEM_WORKSPACE, and the rest from the environment', () => {
    expect(loadConfig(['proj'], {}, '/srv').workspace).toBe('/srv/proj');
    expect(loadConfig([], { TANDEM_WORKSPACE: '/w' }, '/srv').workspace).toBe('/w');
    const c = loadConfig(
      [],
      { PORT: '0', TANDEM_TOKEN: 'abcdefgh12', TANDEM_DATA_DIR: 'd', TANDEM_AUTOSAVE_MS: '0', TANDEM_HEADLESS: '1' },
      '/srv',
    );
    expect(c).toMatchObject({
      port: 0,
      token: 'abcdefgh12',
      tokenFromEnv: true,
      dataDir: '/srv/d',
      autosaveMs: 0,
      headless: true,
    });
  });

  it('refuses bad settings with their name', () => {
    expect(() => loadConfig([], { PORT: 'http' }, '/')).toThrow(ConfigError);
    expect(() => loadConfig([], { PORT: '70000' }, '/')).toThrow(
      /PORT="70000" is not a whole number between 0 and 65535/,
    );
    expect(() => loadConfig([], { TANDEM_TOKEN: 'short' }, '/')).toThrow(/TANDEM_TOKEN must be at least 8/);
    expect(() => loadConfig(['a', 'b'], {}, '/')).toThrow(/at most one workspace folder/);
  });
});
