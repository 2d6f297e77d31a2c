/** The multi-model investigation stage (issue 5). See docs/models.md. */
export { createModelStage, configFromSpec, parseModelConfig, clientFor, stderrLog } from "./factory.js";
export { InvestigationModelStage, type ModelStageDeps, type ModelStageResult, type ModelLog } from "./stage.js";
export { ModelStageConfigSchema, DEFAULT_FAST_MODEL, DEFAULT_STRONG_MODEL, type ModelStageConfig, type ModelStageConfigInput } from "./config.js";
export { ModelClientError, isModelClientError, type ModelClient, type ModelResponse, type ChatMessage, type ToolSpec, type ConverseRequest } from "./model-client.js";
export { validateCommand, knownResources, type KnownResources } from "./command-guard.js";
export { TOOLS, toolSpecs } from "./tools.js";
