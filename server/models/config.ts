// Which models the two lanes talk to: read from tandem.config.json's `models` section (or the file
// named by TANDEM_CONFIG) and environment overrides, validated with zod. A lane without a base URL
// uses the embedded simulated model server. Keys come only from environment variables, never from
// the file, and never appear in errors or in `publicModelInfo`.
import type { Env } from '../../lib/env';
import { COMPLETE_APIS, type CompleteApi } from '../../lib/protocol/complete';
import type { ModelInfo } from '../../lib/protocol/fast';
import { MODEL_LANES, type ModelLane } from '../../lib/protocol/route';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { redactSecrets } from './redact';

export type LaneConfig = {
  lane: ModelLane;
  /** OpenAI-compatible base URL including the version path, e.g. https://api.openai.com/v1; null = simulated. */
  baseUrl: string | null;
  model: string;
  apiKey: string | null;
  /** Where the key came from (an environment variable name), for messages. */
  apiKeySource: string | null;
  simulated: boolean;
  ttftTimeoutMs: number;
  stallTimeoutMs: number;
  /** Total time allowed for a non-streaming call. */
  completeTimeoutMs: number;
  /** Most connections open at once to the provider (each carries one request at a time). */
  maxConnections: number;
  /** The API spoken: chat completions, or the Responses API. */
  api: ModelApi;
  /** HTTP (SSE) or the Responses API's WebSocket mode. */
  transport: ModelTransport;
  /** Predicted Outputs on rewrites (resolved from `auto` | `on` | `off`). */
  prediction: boolean;
  /** `parallel_tool_calls` sent with tools; null = the provider's default (not sent). */
  parallelToolCalls: boolean | null;
};

export const MODEL_APIS = ['chat', 'responses'] as const;
export const MODEL_TRANSPORTS = ['http', 'websocket'] as const;
export const PREDICTION_MODES = ['auto', 'on', 'off'] as const;
export type ModelApi = (typeof MODEL_APIS)[number];
export type ModelTransport = (typeof MODEL_TRANSPORTS)[number];
type PredictionMode = (typeof PREDICTION_MODES)[number];

/** Hosts documented to accept Predicted Outputs on chat completions (docs/models.md, provider matrix). */
const PREDICTION_HOSTS = new Set(['api.openai.com', 'api.cerebras.ai']);

/** The autocomplete lane: its own endpoint and model (default: the fast lane's), and the API it speaks. */
export type CompleteLaneConfig = LaneConfig & { completeApi: CompleteApi | 'auto' };

export type ModelsConfig = {
  fast: LaneConfig;
  strong: LaneConfig;
  /** Absent: the fast lane's endpoint and model, API probed (completeLaneOf). */
  complete?: CompleteLaneConfig;
  source: string | null;
};

export class ModelConfigError extends Error {}

const DEFAULTS: Record<ModelLane, { model: string; ttftTimeoutMs: number; stallTimeoutMs: number }> = {
  fast: { model: 'sim-fast', ttftTimeoutMs: 10_000, stallTimeoutMs: 5_000 },
  strong: { model: 'sim-strong', ttftTimeoutMs: 60_000, stallTimeoutMs: 30_000 },
};

const ms = z.number().int().min(1).max(600_000);
const laneFileSchema = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  model: z.string().min(1).optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  ttftTimeoutMs: ms.optional(),
  stallTimeoutMs: ms.optional(),
  completeTimeoutMs: ms.optional(),
  maxConnections: z.number().int().min(1).max(1024).optional(),
  api: z.enum(MODEL_APIS).optional(),
  transport: z.enum(MODEL_TRANSPORTS).optional(),
  prediction: z.enum(PREDICTION_MODES).optional(),
  parallelToolCalls: z.boolean().optional(),
});
type LaneFile = z.infer<typeof laneFileSchema>;

const fileSchema = z.looseObject({
  models: z.strictObject({ fast: laneFileSchema.optional(), strong: laneFileSchema.optional() }).optional(),
});

function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.') || '(top level)';
}

function readFile(env: Env, cwd: string): { file: z.infer<typeof fileSchema>; source: string | null } {
  const explicit = env.TANDEM_CONFIG;
  const file = path.resolve(cwd, explicit || 'tandem.config.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return { file: {}, source: null };
    throw new ModelConfigError(`cannot read ${file} (TANDEM_CONFIG): ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (json !== null && typeof json === 'object' && 'models' in json) {
    const lanes = (json as { models?: unknown }).models;
    for (const lane of MODEL_LANES) {
      const l = (lanes as Record<string, Record<string, unknown>> | undefined)?.[lane];
      if (l && 'apiKey' in l) {
        throw new ModelConfigError(
          `${file}: models.${lane}.apiKey is not allowed: ` +
            `put the key in an environment variable and name it with models.${lane}.apiKeyEnv`,
        );
      }
    }
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ModelConfigError(`${file}: ${issuePath(issue)}: ${issue.message}`);
  }
  return { file: parsed.data, source: file };
}

function envUrl(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!z.url({ protocol: /^https?$/ }).safeParse(raw).success) {
    throw new ModelConfigError(`${name}=${JSON.stringify(redactSecrets(raw))} is not an http(s) URL`);
  }
  return raw.replace(/\/+$/, '');
}

function resolveLane(lane: ModelLane, fromFile: LaneFile, env: Env, where: string): LaneConfig {
  const upper = lane.toUpperCase();
  const baseUrl = envUrl(env, `TANDEM_${upper}_BASE_URL`) ?? fromFile.baseUrl?.replace(/\/+$/, '') ?? null;
  const model = env[`TANDEM_${upper}_MODEL`] || fromFile.model;
  if (baseUrl !== null && !model) {
    throw new ModelConfigError(
      `models.${lane}.model is required when models.${lane}.baseUrl is set (${where}, or TANDEM_${upper}_MODEL)`,
    );
  }
  let apiKey: string | null = null;
  let apiKeySource: string | null = null;
  const directKey = env[`TANDEM_${upper}_API_KEY`];
  if (directKey) {
    apiKey = directKey;
    apiKeySource = `TANDEM_${upper}_API_KEY`;
  } else if (fromFile.apiKeyEnv) {
    const value = env[fromFile.apiKeyEnv];
    if (!value) {
      throw new ModelConfigError(
        `models.${lane}.apiKeyEnv names ${fromFile.apiKeyEnv}, which is not set in the environment (${where})`,
      );
    }
    apiKey = value;
    apiKeySource = fromFile.apiKeyEnv;
  }
  const defaults = DEFAULTS[lane];
  const { api, transport, prediction } = resolveFastPaths(lane, fromFile, env, baseUrl);
  return {
    lane,
    baseUrl,
    model: model || defaults.model,
    apiKey: baseUrl === null ? null : apiKey,
    apiKeySource: baseUrl === null ? null : apiKeySource,
    simulated: baseUrl === null,
    ttftTimeoutMs: fromFile.ttftTimeoutMs ?? defaults.ttftTimeoutMs,
    stallTimeoutMs: fromFile.stallTimeoutMs ?? defaults.stallTimeoutMs,
    completeTimeoutMs: fromFile.completeTimeoutMs ?? 120_000,
    maxConnections: fromFile.maxConnections ?? 16,
    api,
    transport,
    prediction,
    parallelToolCalls:
      envChoice(env, `TANDEM_${upper}_PARALLEL_TOOL_CALLS`, ['true', 'false'] as const)?.startsWith('t') ??
      fromFile.parallelToolCalls ??
      null,
  };
}

function envChoice<T extends string>(env: Env, name: string, values: readonly T[]): T | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ModelConfigError(`${name}=${JSON.stringify(raw)} must be one of ${values.join(', ')}`);
  }
  return raw as T;
}

/** The lane's API, transport and predictions; combinations that cannot work are refused by name. */
function resolveFastPaths(lane: ModelLane, fromFile: LaneFile, env: Env, baseUrl: string | null) {
  const upper = lane.toUpperCase();
  const name = (setting: string) => `TANDEM_${upper}_${setting.toUpperCase()} (models.${lane}.${setting})`;
  const api = envChoice(env, `TANDEM_${upper}_API`, MODEL_APIS) ?? fromFile.api ?? 'chat';
  const transport = envChoice(env, `TANDEM_${upper}_TRANSPORT`, MODEL_TRANSPORTS) ?? fromFile.transport ?? 'http';
  const mode: PredictionMode =
    envChoice(env, `TANDEM_${upper}_PREDICTION`, PREDICTION_MODES) ?? fromFile.prediction ?? 'auto';
  if (transport === 'websocket' && api !== 'responses') {
    throw new ModelConfigError(
      `${name('transport')} is "websocket", which needs ${name('api')} "responses": ` +
        'chat completions has no WebSocket mode',
    );
  }
  if (mode === 'on' && api !== 'chat') {
    throw new ModelConfigError(
      `${name('prediction')} is "on", which needs ${name('api')} "chat": the Responses API has no Predicted Outputs`,
    );
  }
  const known = baseUrl === null || PREDICTION_HOSTS.has(new URL(baseUrl).host);
  const prediction = api === 'chat' && (mode === 'on' || (mode === 'auto' && known));
  return { api, transport, prediction };
}

/** Reads and validates the models configuration; throws ModelConfigError naming the bad field. */
export function loadModelsConfig(env: Env = process.env, cwd: string = process.cwd()): ModelsConfig {
  const { file, source } = readFile(env, cwd);
  const where = source ?? 'environment';
  const fast = resolveLane('fast', file.models?.fast ?? {}, env, where);
  return {
    fast,
    strong: resolveLane('strong', file.models?.strong ?? {}, env, where),
    complete: completeLaneOf(fast, env),
    source,
  };
}

/**
 * The autocomplete lane from TANDEM_COMPLETE_BASE_URL, _MODEL, _API_KEY and _API (fim | chat;
 * unset: probed on first use); what is not set comes from the fast lane. Short timeouts: a late
 * completion is a useless one.
 */
export function completeLaneOf(fast: LaneConfig, env: Env = {}): CompleteLaneConfig {
  const baseUrl = envUrl(env, 'TANDEM_COMPLETE_BASE_URL');
  const model = env.TANDEM_COMPLETE_MODEL || undefined;
  if (baseUrl !== undefined && !model) {
    throw new ModelConfigError('TANDEM_COMPLETE_MODEL is required when TANDEM_COMPLETE_BASE_URL is set');
  }
  const key = env.TANDEM_COMPLETE_API_KEY || undefined;
  const own = baseUrl !== undefined;
  return {
    ...fast,
    baseUrl: own ? baseUrl : fast.baseUrl,
    model: model ?? fast.model,
    simulated: own ? false : fast.simulated,
    apiKey: key ?? (own ? null : fast.apiKey),
    apiKeySource: key ? 'TANDEM_COMPLETE_API_KEY' : own ? null : fast.apiKeySource,
    ttftTimeoutMs: Math.min(fast.ttftTimeoutMs, 5_000),
    stallTimeoutMs: Math.min(fast.stallTimeoutMs, 3_000),
    api: 'chat',
    transport: 'http',
    prediction: false,
    parallelToolCalls: null,
    completeApi: envChoice(env, 'TANDEM_COMPLETE_API', COMPLETE_APIS) ?? 'auto',
  };
}

/** What the browser may know about a lane: never the key, never the full URL (it may carry tokens). */
export function publicModelInfo(lane: LaneConfig): ModelInfo {
  return {
    lane: lane.lane,
    model: lane.model,
    host: lane.baseUrl === null ? 'embedded simulator' : new URL(lane.baseUrl).host,
    simulated: lane.simulated,
  };
}

/** "The fast model (gpt-4o-mini at api.openai.com)" — how errors name a lane. */
export function describeLane(lane: LaneConfig): string {
  const info = publicModelInfo(lane);
  return `The ${lane.lane} model (${info.model} at ${info.host}${info.simulated ? ', simulated' : ''})`;
}
