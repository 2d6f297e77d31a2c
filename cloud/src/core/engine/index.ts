export { runInvestigation } from "./engine.js";
export { DEFAULT_ENGINE_CONFIG, type EngineConfig, type EngineDeps } from "./config.js";
export type { ModelStage, ModelStageInput, ModelStageOutput, ModelUsage } from "./model-stage.js";
export { AgentClient, describeCommand } from "./agent-client.js";
