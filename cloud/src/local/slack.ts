/**
 * Slack delivery for local mode when SLACK_BOT_TOKEN/SLACK_CHANNEL are set. The Slack adapter lives in
 * cloud/src/adapters/slack (another part of the product); this only loads and configures it so the local
 * server posts the same messages the AWS deployment does.
 */
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import type { InvestigationStore, Notifier } from "../core/ports.js";

const SLACK_MODULE = "../adapters/slack/notifier.js";

export interface SlackSettings {
  token: string;
  channel: string;
  portalUrl?: string;
  /** Where a re-posted message now lives is remembered on the investigation. */
  store?: Pick<InvestigationStore, "updateInvestigation">;
  warn?: (msg: string) => void;
}

export async function slackNotifier(o: SlackSettings): Promise<Notifier> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(SLACK_MODULE)) as Record<string, unknown>;
  } catch (e) {
    throw new KubesleuthError("CONFIG_INVALID", `SLACK_BOT_TOKEN is set but the Slack adapter could not be loaded: ${errorMessage(e)}`, { cause: e });
  }
  const factory = mod.createSlackNotifier as ((o: SlackSettings) => Notifier) | undefined;
  const Klass = mod.SlackNotifier as (new (o: SlackSettings) => Notifier) | undefined;
  if (factory) return factory(o);
  if (Klass) return new Klass(o);
  throw new KubesleuthError("CONFIG_INVALID", "the Slack adapter exports neither createSlackNotifier nor SlackNotifier");
}
