import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeLane, loadModelsConfig, ModelConfigError, publicModelInfo } from './config';

const dirs: string[] = [];
function folder(config?: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-models-'));
  dirs.push(dir);
  if (config !== undefined)
    fs.writeFileSync(
      path.join(dir, 'tandem.config.json'),
      typeof config === 'string' ? config : JSON.stringify(config),
    );
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const KEY = 'sk-proj-abcdefghijklmnop1234';

describe('loadModelsConfig', () => {
  it('defaults both lanes to the simulated server', () => {
    const c = loadModelsConfig({}, folder());
    expect(c.fast).toMatchObject({
      simulated: true,
      baseUrl: null,
      model: 'sim-fast',
      apiKey: null,
      ttftTimeoutMs: 10_000,
    });
    expect(c.strong).toMatchObject({ simulated: true, model: 'sim-strong' });
    expect(c.source).toBeNull();
  });

  it('reads the models section, taking the key from the variable it names', () => {
    const dir = folder({
      port: 3000,
      models: {
        fast: {
          baseUrl: 'https://api.cerebras.ai/v1/',
          model: 'llama3.1-8b',
          apiKeyEnv: 'CEREBRAS_API_KEY',
          ttftTimeoutMs: 3000,
          stallTimeoutMs: 2000,
        },
      },
    });
    const c = loadModelsConfig({ CEREBRAS_API_KEY: KEY }, dir);
    expect(c.fast).toMatchObject({
      baseUrl: 'https://api.cerebras.ai/v1',
      model: 'llama3.1-8b',
      apiKey: KEY,
      apiKeySource: 'CEREBRAS_API_KEY',
      simulated: false,
      ttftTimeoutMs: 3000,
      stallTimeoutMs: 2000,
    });
    expect(c.strong.simulated).toBe(true);
  });

  it('lets environment variables override the file, and TANDEM_CONFIG name it', () => {
    const dir = folder();
    const file = path.join(dir, 'custom.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ models: { strong: { baseUrl: 'http://localhost:11434/v1', model: 'qwen3:8b' } } }),
    );
    const c = loadModelsConfig(
      {
        TANDEM_CONFIG: file,
        TANDEM_STRONG_MODEL: 'qwen3:32b',
        TANDEM_FAST_BASE_URL: 'http://127.0.0.1:8080/v1',
        TANDEM_FAST_MODEL: 'local',
        TANDEM_FAST_API_KEY: KEY,
      },
      '/',
    );
    expect(c.source).toBe(file);
    expect(c.strong).toMatchObject({
      baseUrl: 'http://localhost:11434/v1',
      model: 'qwen3:32b',
      apiKey: null,
      simulated: false,
    });
    expect(c.fast).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'local',
      apiKey: KEY,
      apiKeySource: 'TANDEM_FAST_API_KEY',
    });
  });

  it.each([
    [{ models: { fast: { baseUrl: 'ftp://x' } } }, /models\.fast\.baseUrl/],
    [{ models: { fast: { baseUrl: 'http://x/v1' } } }, /models\.fast\.model is required/],
    [{ models: { fast: { ttftTimeoutMs: -1 } } }, /models\.fast\.ttftTimeoutMs/],
    [{ models: { fast: { apikeyEnv: 'X' } } }, /models\.fast: Unrecognized key: "apikeyEnv"/],
    [{ models: { quick: {} } }, /models: Unrecognized key: "quick"/],
    [{ models: { strong: { apiKey: KEY } } }, /models\.strong\.apiKey is not allowed/],
    [
      { models: { fast: { baseUrl: 'http://x/v1', model: 'm', apiKeyEnv: 'MISSING_KEY' } } },
      /apiKeyEnv names MISSING_KEY, which is not set/,
    ],
    ['{ not json', /is not valid JSON/],
  ])('rejects %j with an error naming the field', (config, message) => {
    const dir = folder(config);
    let error: unknown;
    try {
      loadModelsConfig({}, dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ModelConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(KEY);
  });

  it('rejects a bad URL in the environment and a missing TANDEM_CONFIG file', () => {
    expect(() => loadModelsConfig({ TANDEM_FAST_BASE_URL: 'not a url' }, folder())).toThrow(/TANDEM_FAST_BASE_URL/);
    expect(() => loadModelsConfig({ TANDEM_CONFIG: '/nope/x.json' }, folder())).toThrow(/cannot read \/nope\/x\.json/);
  });
});

describe('publicModelInfo', () => {
  it('tells the browser the lane, model, host and simulated flag — never the key or full URL', () => {
    const c = loadModelsConfig(
      {
        TANDEM_FAST_BASE_URL: 'https://user:pw@api.openai.com/v1',
        TANDEM_FAST_MODEL: 'gpt-4o-mini',
        TANDEM_FAST_API_KEY: KEY,
      },
      folder(),
    );
    const info = publicModelInfo(c.fast);
    expect(info).toEqual({ lane: 'fast', model: 'gpt-4o-mini', host: 'api.openai.com', simulated: false });
    expect(JSON.stringify(info)).not.toContain(KEY);
    expect(describeLane(c.fast)).toBe('The fast model (gpt-4o-mini at api.openai.com)');
    expect(publicModelInfo(c.strong)).toEqual({
      lane: 'strong',
      model: 'sim-strong',
      host: 'embedded simulator',
      simulated: true,
    });
  });

  describe('API, transport and Predicted Outputs', () => {
    const openai = { TANDEM_FAST_BASE_URL: 'https://api.openai.com/v1', TANDEM_FAST_MODEL: 'gpt-4.1-mini' };

    it('defaults to chat completions over HTTP, with predictions on only where they are known to work', () => {
      expect(loadModelsConfig({}, folder()).fast).toMatchObject({ api: 'chat', transport: 'http', prediction: true });
      expect(loadModelsConfig(openai, folder()).fast.prediction).toBe(true);
      const local = { TANDEM_FAST_BASE_URL: 'http://127.0.0.1:8080/v1', TANDEM_FAST_MODEL: 'qwen' };
      expect(loadModelsConfig(local, folder()).fast.prediction).toBe(false);
      expect(loadModelsConfig({ ...local, TANDEM_FAST_PREDICTION: 'on' }, folder()).fast.prediction).toBe(true);
      expect(loadModelsConfig({ ...openai, TANDEM_FAST_PREDICTION: 'off' }, folder()).fast.prediction).toBe(false);
    });

    it('reads the Responses API and WebSocket mode per lane, from the file or the environment', () => {
      const dir = folder({ models: { strong: { api: 'responses', transport: 'websocket' } } });
      const c = loadModelsConfig({ TANDEM_FAST_API: 'responses' }, dir);
      expect(c.fast).toMatchObject({ api: 'responses', transport: 'http', prediction: false });
      expect(c.strong).toMatchObject({ api: 'responses', transport: 'websocket', prediction: false });
    });

    it('refuses settings that do not fit together, naming the setting', () => {
      const ws = { TANDEM_FAST_TRANSPORT: 'websocket' };
      expect(() => loadModelsConfig(ws, folder())).toThrow(ModelConfigError);
      expect(() => loadModelsConfig(ws, folder())).toThrow(/TANDEM_FAST_TRANSPORT.*needs TANDEM_FAST_API/);
      const predict = { TANDEM_STRONG_API: 'responses', TANDEM_STRONG_PREDICTION: 'on' };
      expect(() => loadModelsConfig(predict, folder())).toThrow(/TANDEM_STRONG_PREDICTION.*Predicted Outputs/);
      const file = folder({ models: { fast: { transport: 'websocket' } } });
      expect(() => loadModelsConfig({}, file)).toThrow(/models\.fast\.transport/);
    });

    it('sends parallel_tool_calls only when a lane says so', () => {
      expect(loadModelsConfig({}, folder()).strong.parallelToolCalls).toBeNull();
      const env = { TANDEM_STRONG_PARALLEL_TOOL_CALLS: 'false' };
      expect(loadModelsConfig(env, folder()).strong.parallelToolCalls).toBe(false);
      const dir = folder({ models: { strong: { parallelToolCalls: true } } });
      expect(loadModelsConfig({}, dir).strong.parallelToolCalls).toBe(true);
      expect(() => loadModelsConfig({ TANDEM_STRONG_PARALLEL_TOOL_CALLS: 'no' }, folder())).toThrow(
        /TANDEM_STRONG_PARALLEL_TOOL_CALLS="no" must be one of true, false/,
      );
    });

    it('refuses values it does not know, naming the setting', () => {
      expect(() => loadModelsConfig({ TANDEM_FAST_API: 'completions' }, folder())).toThrow(
        /TANDEM_FAST_API="completions" must be one of chat, responses/,
      );
      expect(() => loadModelsConfig({ TANDEM_STRONG_TRANSPORT: 'sse' }, folder())).toThrow(/TANDEM_STRONG_TRANSPORT/);
      const dir = folder({ models: { fast: { prediction: 'yes' } } });
      expect(() => loadModelsConfig({}, dir)).toThrow(/models\.fast\.prediction/);
    });
  });
});
