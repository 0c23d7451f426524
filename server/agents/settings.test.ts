import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_SETTINGS, runSettingsFromEnv } from './settings';

describe('runSettingsFromEnv', () => {
  it('has defaults and reads every TANDEM_RUN_* setting', () => {
    expect(runSettingsFromEnv({})).toEqual(DEFAULT_RUN_SETTINGS);
    expect(
      runSettingsFromEnv({
        TANDEM_RUN_CONCURRENCY: '4',
        TANDEM_RUN_MAX_STEPS: '10',
        TANDEM_RUN_MAX_MS: '60000',
        TANDEM_RUN_MAX_TOKENS: '5000',
        TANDEM_RUN_COMMAND_TIMEOUT_MS: '1000',
        TANDEM_RUN_OUTPUT_CAP: '2048',
        TANDEM_RUN_SANDBOX: 'off',
        TANDEM_RUN_NICE: '0',
        TANDEM_RUN_LOCK_MS: '2000',
        TANDEM_RUN_CLUSTER_CONCURRENCY: '3',
        TANDEM_RUN_STALLED_CHECK_MS: '500',
        TANDEM_RUN_LOG_MAX_ENTRIES: '200',
        TANDEM_APPROVAL_TIMEOUT_MS: '1500',
      }),
    ).toEqual({
      ...DEFAULT_RUN_SETTINGS,
      concurrency: 4,
      maxSteps: 10,
      maxRunMs: 60_000,
      maxTokens: 5000,
      commandTimeoutMs: 1000,
      outputCap: 2048,
      sandbox: 'off',
      nice: 0,
      lockMs: 2000,
      clusterConcurrency: 3,
      stalledCheckMs: 500,
      logMaxEntries: 200,
      approvalTimeoutMs: 1500,
    });
  });

  it('lets a cluster node take no runs', () => {
    expect(runSettingsFromEnv({ TANDEM_RUN_CONCURRENCY: '0', REDIS_URL: 'redis://localhost' }).concurrency).toBe(0);
  });

  it('names the bad setting', () => {
    expect(() => runSettingsFromEnv({ TANDEM_RUN_CONCURRENCY: '0' })).toThrow(
      'TANDEM_RUN_CONCURRENCY="0" is not a whole number between 1 and 32',
    );
    expect(() => runSettingsFromEnv({ TANDEM_RUN_NICE: '20' })).toThrow(
      'TANDEM_RUN_NICE="20" is not a whole number between 0 and 19',
    );
    expect(() => runSettingsFromEnv({ TANDEM_RUN_SANDBOX: 'maybe' })).toThrow(
      /TANDEM_RUN_SANDBOX="maybe" must be "auto" or "off"/,
    );
  });
});
