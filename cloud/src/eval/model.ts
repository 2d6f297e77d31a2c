/** `--model ID`: load the model stage if this build has one (issue 5 provides core/model). */
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import type { ModelStage } from "../core/engine/model-stage.js";

const MODEL_MODULE = "../core/model/index.js";

export async function loadModelStage(modelId: string): Promise<ModelStage> {
  let mod: { createModelStage?: (o: { modelId: string }) => ModelStage | Promise<ModelStage> };
  try {
    mod = await import(MODEL_MODULE);
  } catch (e) {
    throw new KubesleuthError("CONFIG_INVALID", `--model ${modelId}: this build has no model stage (${errorMessage(e)})`, { cause: e });
  }
  if (typeof mod.createModelStage !== "function") throw new KubesleuthError("CONFIG_INVALID", `--model ${modelId}: core/model does not export createModelStage`);
  return mod.createModelStage({ modelId });
}
