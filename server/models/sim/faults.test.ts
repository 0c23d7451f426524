import { describe, expect, it } from 'vitest';
import { FaultBudget, parseFault, splitModelName } from './faults';
import { resolveProfiles, simSettingsFromEnv } from './settings';

describe('faults', () => {
  it.each([
    ['429', { kind: 'rate_limit', retryAfterMs: 1000 }],
    ['429:50', { kind: 'rate_limit', retryAfterMs: 50 }],
    ['quota', { kind: 'quota' }],
    ['500', { kind: 'server_error' }],
    ['503', { kind: 'overloaded' }],
    ['401', { kind: 'auth' }],
    ['stall:5', { kind: 'stall', after: 5 }],
    ['RESET:2', { kind: 'reset', after: 2 }],
    ['malformed:0', { kind: 'malformed', after: 0 }],
    ['error:9', { kind: 'error', after: 9 }],
    ['drop:4', { kind: 'drop', after: 4 }],
    ['steer-fail', { kind: 'steer_fail' }],
  ])('parses %s', (spec, fault) => expect(parseFault(spec)).toEqual(fault));

  it('rejects unknown faults and bad numbers', () => {
    expect(() => parseFault('teapot')).toThrow(/unknown fault/);
    expect(() => parseFault('stall:x')).toThrow(/whole number/);
  });

  it('gives a fault*K to the first K requests that name it, each text counted apart', () => {
    const budget = new FaultBudget();
    expect(budget.take('stall:5*2')).toEqual({ kind: 'stall', after: 5 });
    expect(budget.take('stall:9*1')).toEqual({ kind: 'stall', after: 9 });
    expect(budget.take('stall:5*2')).toEqual({ kind: 'stall', after: 5 });
    expect(budget.take('stall:5*2')).toBeNull();
    expect(budget.take('stall:9*1')).toBeNull();
    expect(budget.take('stall:5')).toEqual({ kind: 'stall', after: 5 });
    expect(budget.take('stall:5')).toEqual({ kind: 'stall', after: 5 });
    expect(() => budget.take('stall:5*0')).toThrow(/after '\*'/);
    expect(() => budget.take('stall:5*x')).toThrow(/after '\*'/);
  });

  it('reads a fault from the model name suffix', () => {
    expect(splitModelName('sim-fast+stall:3')).toEqual({ model: 'sim-fast', fault: 'stall:3' });
    expect(splitModelName('sim-strong')).toEqual({ model: 'sim-strong', fault: null });
  });
});

describe('sim settings', () => {
  it('defaults to a fast model at 1,000 tok/s and a strong one at 80 tok/s', () => {
    const p = resolveProfiles();
    expect(p['sim-fast']!.tokensPerSecond).toBe(1000);
    expect(p['sim-strong']!.tokensPerSecond).toBe(80);
  });

  it('reads TANDEM_SIM_FAST_TPS, TANDEM_SIM_STRONG_TPS and TANDEM_SIM_TTFT_MS', () => {
    const env = { TANDEM_SIM_FAST_TPS: '12000', TANDEM_SIM_STRONG_TPS: '150', TANDEM_SIM_TTFT_MS: '5' };
    const p = resolveProfiles(simSettingsFromEnv(env).profiles);
    expect(p['sim-fast']).toMatchObject({ tokensPerSecond: 12000, ttftMs: 5 });
    expect(p['sim-strong']).toMatchObject({ tokensPerSecond: 150, ttftMs: 5 });
    expect(() => simSettingsFromEnv({ TANDEM_SIM_FAST_TPS: 'fast' })).toThrow(/TANDEM_SIM_FAST_TPS/);
  });

  it('gives each model a prefill rate and reads TANDEM_SIM_PREDICTION_SPEEDUP (≥ 1)', () => {
    expect(resolveProfiles()['sim-fast']).toMatchObject({ prefillTokensPerSecond: 200_000, continueMs: 5 });
    expect(resolveProfiles()['sim-strong']).toMatchObject({ prefillTokensPerSecond: 20_000, continueMs: 20 });
    const p = resolveProfiles(simSettingsFromEnv({ TANDEM_SIM_PREDICTION_SPEEDUP: '8' }).profiles);
    expect(p['sim-fast']!.predictionSpeedup).toBe(8);
    expect(p['sim-strong']!.predictionSpeedup).toBe(8);
    expect(resolveProfiles()['sim-fast']!.predictionSpeedup).toBe(4);
    expect(() => simSettingsFromEnv({ TANDEM_SIM_PREDICTION_SPEEDUP: '0.5' })).toThrow(/≥ 1/);
  });
});
