// The models module's public surface: configuration, providers, errors, retry, the lanes (with the
// embedded simulated server behind them) and the product's model formats (server/models/formats/).
export { loadModelsConfig, publicModelInfo, describeLane, ModelConfigError } from './config';
export type { LaneConfig, ModelsConfig } from './config';
export { createProvider } from './provider';
export type { ModelProvider, CallOptions, PrewarmResult } from './provider';
export { startModelLanes } from './lanes';
export type { ModelLanes, SimProfiles } from './lanes';
export { ModelError, parseRetryAfter } from './errors';
export type { ModelErrorKind } from './errors';
export { withRetry, retryDelay } from './retry';
export type { RetryOptions } from './retry';
export { redactSecrets } from './redact';
export type * from './types';
export { EDIT_TAGS, RESTART_MARKER, formatEditRequest, parseEditRequest } from './formats/editRequest';
export type { EditRequest } from './formats/editRequest';
export { formatReviewRequest, parseReviewRequest } from './formats/reviewRequest';
export type { ReviewFile, ReviewRequest } from './formats/reviewRequest';
export { AGENT_TOOL, AGENT_TOOL_DEFINITIONS, VALIDATION_COMMAND_PATTERN } from './formats/agentTools';
export type { AgentToolName } from './formats/agentTools';
export { PATCH_FORMAT, buildPatch } from './formats/patchFormat';
export { languageOfPath } from './formats/languages';
