// The cluster's settings: REDIS_URL turns cluster mode on and is checked at start (a bad URL names
// the setting and never shows its password); TANDEM_NODE_ID names the node; a Redis that does not
// answer stops the start with a clear error.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { freePort } from '../testing/serverProcess';
import { connectRedis } from './redisClient';

describe('cluster settings', () => {
  it('embedded by default, with a short random node id', () => {
    const a = loadConfig([], {}, '/srv');
    expect(a.redisUrl).toBeNull();
    expect(a.nodeId).toMatch(/^[0-9a-f]{8}$/);
    expect(loadConfig([], {}, '/srv').nodeId).not.toBe(a.nodeId);
  });

  it('reads REDIS_URL, TANDEM_NODE_ID and TANDEM_DURABLE_WAIT_MS', () => {
    const c = loadConfig([], { REDIS_URL: 'redis://:pw@10.0.0.5:6380/2', TANDEM_NODE_ID: 'web-1' }, '/srv');
    expect(c).toMatchObject({ redisUrl: 'redis://:pw@10.0.0.5:6380/2', nodeId: 'web-1' });
    expect(loadConfig([], { REDIS_URL: 'rediss://cache.example.com' }, '/').redisUrl).toBe(
      'rediss://cache.example.com',
    );
    expect(c.durableWaitMs).toBe(10_000);
    expect(loadConfig([], { TANDEM_DURABLE_WAIT_MS: '2500' }, '/').durableWaitMs).toBe(2500);
    expect(() => loadConfig([], { TANDEM_DURABLE_WAIT_MS: '5' }, '/')).toThrow(/TANDEM_DURABLE_WAIT_MS/);
  });

  it('refuses a bad URL or node id, naming the setting and hiding the password', () => {
    for (const bad of ['localhost:6379', 'http://localhost:6379', 'redis://', 'not a url']) {
      expect(() => loadConfig([], { REDIS_URL: bad }, '/')).toThrow(/REDIS_URL=.*is not a Redis URL/);
    }
    try {
      loadConfig([], { REDIS_URL: 'http://user:s3cret@host' }, '/');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).not.toContain('s3cret');
    }
    expect(() => loadConfig([], { TANDEM_NODE_ID: 'a b' }, '/')).toThrow(/TANDEM_NODE_ID/);
    expect(() => loadConfig([], { TANDEM_NODE_ID: 'x'.repeat(33) }, '/')).toThrow(/TANDEM_NODE_ID/);
  });

  it('a Redis that does not answer is a clear start-up error after a short wait', async () => {
    const port = await freePort();
    const err = await connectRedis(`redis://:pw@127.0.0.1:${port}`, 'test', 600).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(
      /Redis at redis:\/\/….*127\.0\.0\.1:\d+ \(REDIS_URL\) did not answer within/,
    );
    expect((err as Error).message).not.toContain(':pw@');
  });
});
