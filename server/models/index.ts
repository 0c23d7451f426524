// The models module's public surface: configuration, providers, errors, retry, and the simulated
// server's shared formats (edit request delimiters, agent tools) for the fast lane and agents.
export { loadModelsConfig, publicModelInfo, describeLane, ModelConfigError, LANES } from './config';
export type { Lane, LaneConfig, ModelsConfig, PublicModelInfo } from './config';
export { createProvider } from './provider';
export type { ModelProvider, CallOptions, PrewarmResult } from './provider';
export { startModelLanes } from './lanes';
export type { ModelLanes } from './lanes';
export { ModelError, parseRetryAfter } from './errors';
export type { ModelErrorKind } from './errors';
export { withRetry, retryDelay } from './retry';
export type { RetryOptions } from './retry';
export { redactSecrets } from './redact';
export type * from './types';
export { EDIT_TAGS, RESTART_MARKER, formatEditRequest, parseEditRequest } from './sim/editRequest';
export type { EditRequest } from './sim/editRequest';
export { AGENT_TOOL, AGENT_TOOL_DEFINITIONS, PATCH_FORMAT, VALIDATION_COMMAND_PATTERN } from './sim/agentTools';
export type { AgentToolName } from './sim/agentTools';
export { startSimServer } from './sim/server';
export type { SimServer, SimServerOptions, SimRequestRecord } from './sim/server';
export { simSettingsFromEnv, SIM_FAST_MODEL, SIM_STRONG_MODEL } from './sim/settings';
export { FAULT_HEADER, REPLAY_HEADER } from './sim/faults';
