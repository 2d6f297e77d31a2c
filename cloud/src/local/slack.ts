/**
 * Slack delivery for local mode when SLACK_BOT_TOKEN/SLACK_CHANNEL are set. The Slack adapter lives in
 * cloud/src/adapters/slack (another part of the product); this only loads and configures it so the local
 * server posts the same messages the AWS deployment does.
 */
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import type { InvestigationStore, Notifier } from "../core/ports.js";

export interface SlackSettings {
  token: string;
  channel: string;
  portalUrl?: string;
  /** Where a re-posted message now lives is remembered on the investigation. */
  store?: Pick<InvestigationStore, "updateInvestigation">;
  warn?: (msg: string) => void;
}

export async function slackNotifier(o: SlackSettings): Promise<Notifier> {
  try {
    // Loaded only when configured: the Slack SDK stays out of a server that does not use it.
    const { createSlackNotifier } = await import("../adapters/slack/notifier.js");
    return createSlackNotifier(o);
  } catch (e) {
    throw new KubesleuthError("CONFIG_INVALID", `SLACK_BOT_TOKEN is set but the Slack notifier could not be set up: ${errorMessage(e)}`, { cause: e });
  }
}
