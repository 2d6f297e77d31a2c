/** The gateway the eval and `investigate --scenario` use: the real cluster agent, in process, against the emulator. */
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import type { Emulator } from "../../../test/emulator/index.js";
import { inProcessAgentGateway } from "../local/gateways.js";
import type { GatewayFactory } from "./harness.js";

export const agentGatewayFactory: GatewayFactory = async (emu: Emulator, clusterId: string) => {
  try {
    return await inProcessAgentGateway({ kubeconfigPath: emu.kubeconfigPath, clusterId });
  } catch (e) {
    if (isKubesleuthErrorLike(e)) throw e;
    throw new KubesleuthError("CONFIG_INVALID", `cannot start the in-process cluster agent: ${errorMessage(e)}`, { cause: e });
  }
};

function isKubesleuthErrorLike(e: unknown): boolean {
  return e instanceof KubesleuthError;
}
