import { describe, expect, it } from 'vitest';
import { loadModelsConfig, ModelConfigError } from '../models/config';

const KEY = 'sk-proj-abcdefghijklmnop1234';

describe('the autocomplete lane settings', () => {
  it("default to the fast lane's endpoint, model and key, the API probed", () => {
    expect(loadModelsConfig({}, '/').complete).toMatchObject({
      simulated: true,
      model: 'sim-fast',
      completeApi: 'auto',
    });
    const real = loadModelsConfig(
      { TANDEM_FAST_BASE_URL: 'https://api.example.com/v1', TANDEM_FAST_MODEL: 'fast-1', TANDEM_FAST_API_KEY: KEY },
      '/',
    ).complete;
    expect(real).toMatchObject({
      baseUrl: 'https://api.example.com/v1',
      model: 'fast-1',
      apiKey: KEY,
      simulated: false,
    });
  });

  it('take their own endpoint, model, key and API, with short timeouts', () => {
    const c = loadModelsConfig(
      {
        TANDEM_FAST_API_KEY: KEY,
        TANDEM_COMPLETE_BASE_URL: 'http://127.0.0.1:8080/v1/',
        TANDEM_COMPLETE_MODEL: 'qwen2.5-coder',
        TANDEM_COMPLETE_API: 'fim',
      },
      '/',
    ).complete!;
    expect(c).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'qwen2.5-coder',
      apiKey: null,
      simulated: false,
      completeApi: 'fim',
      ttftTimeoutMs: 5_000,
      stallTimeoutMs: 3_000,
    });
    expect(
      loadModelsConfig(
        { TANDEM_COMPLETE_BASE_URL: 'http://h/v1', TANDEM_COMPLETE_MODEL: 'm', TANDEM_COMPLETE_API_KEY: KEY },
        '/',
      ).complete!.apiKey,
    ).toBe(KEY);
  });

  it('refuse what cannot work, naming the setting', () => {
    expect(() => loadModelsConfig({ TANDEM_COMPLETE_BASE_URL: 'http://h/v1' }, '/')).toThrow(
      /TANDEM_COMPLETE_MODEL is required/,
    );
    expect(() => loadModelsConfig({ TANDEM_COMPLETE_API: 'responses' }, '/')).toThrow(ModelConfigError);
    expect(() => loadModelsConfig({ TANDEM_COMPLETE_BASE_URL: 'ftp://h' }, '/')).toThrow(/TANDEM_COMPLETE_BASE_URL/);
  });
});
