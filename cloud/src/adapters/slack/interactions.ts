/**
 * The Slack interactions endpoint (feedback buttons and the "Add context" modal), independent of the HTTP
 * front (Lambda or the local server): verify the signature → parse the payload with zod → store the feedback
 * → edit the diagnosis message ("marked accurate by @maria"). Anything unsigned, stale or tampered is 401.
 * Slack wants an answer within 3 s; every step here is one store or Slack call.
 */
import { z } from "zod";
import { CategorySchema, KubesleuthError, errorMessage, isKubesleuthError } from "../../../../shared/src/index.js";
import type { Clock, InvestigationRecord, InvestigationStore, Verdict } from "../../core/ports.js";
import {
  ACTION_IDS, ACTION_PREFIX, CATEGORY_ACTION, CATEGORY_BLOCK, MODAL_CALLBACK_ID, NOTE_ACTION, NOTE_BLOCK, NOTE_MAX,
  diagnosisMessage, feedbackModal,
} from "./blocks/index.js";
import type { SlackApi } from "./client.js";
import { recordFeedback } from "./feedback.js";
import { verifySlackSignature } from "./signature.js";

export const MAX_INTERACTION_BYTES = 256 * 1024;

const UserSchema = z.object({ id: z.string().min(1).max(64), username: z.string().max(200).optional(), name: z.string().max(200).optional() });

const BlockActionsSchema = z.object({
  type: z.literal("block_actions"),
  user: UserSchema,
  trigger_id: z.string().max(500).optional(),
  container: z.object({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional(), block_id: z.string().optional() })).min(1),
});

const StateValueSchema = z.object({
  type: z.string().optional(),
  selected_option: z.object({ value: z.string() }).nullish(),
  value: z.string().nullish(),
});
const ViewSubmissionSchema = z.object({
  type: z.literal("view_submission"),
  user: UserSchema,
  view: z.object({
    callback_id: z.string(),
    private_metadata: z.string().max(3000).default(""),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), StateValueSchema)) }),
  }),
});

const MetadataSchema = z.object({ investigationId: z.string().min(1).max(200), channel: z.string().optional(), ts: z.string().optional() });

export interface InteractionDeps {
  signingSecret: string | (() => Promise<string>);
  store: InvestigationStore;
  slack: SlackApi;
  /** Wall clock: the replay window compares against Slack's timestamp. */
  clock: Clock;
  portalUrl?: string;
  warn?: (msg: string, extra?: Record<string, unknown>) => void;
  info?: (msg: string, extra?: Record<string, unknown>) => void;
}

export interface InteractionRequest {
  rawBody: Buffer;
  /** Header lookup, case-insensitive. */
  header: (name: string) => string | undefined;
}

export interface InteractionResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const ok = (body?: unknown): InteractionResponse => ({ status: 200, headers: { "content-type": "application/json" }, body: body === undefined ? "" : JSON.stringify(body) });
const fail = (status: number, code: string, message: string): InteractionResponse => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: code, message }) });

const userName = (u: z.infer<typeof UserSchema>) => u.username || u.name || u.id;

export async function handleSlackInteraction(req: InteractionRequest, deps: InteractionDeps): Promise<InteractionResponse> {
  const warn = deps.warn ?? (() => {});
  try {
    if (req.rawBody.length > MAX_INTERACTION_BYTES) throw new KubesleuthError("PAYLOAD_TOO_LARGE", "interaction payload too large");
    const secret = typeof deps.signingSecret === "string" ? deps.signingSecret : await deps.signingSecret();
    verifySlackSignature({
      signingSecret: secret, rawBody: req.rawBody, now: deps.clock.now(),
      timestamp: req.header("x-slack-request-timestamp"), signature: req.header("x-slack-signature"),
    });
    const raw = new URLSearchParams(req.rawBody.toString("utf8")).get("payload");
    if (!raw) throw new KubesleuthError("BAD_REQUEST", "no payload field");
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch (e) {
      throw new KubesleuthError("BAD_REQUEST", `payload is not JSON: ${errorMessage(e)}`);
    }
    const type = (payload as { type?: unknown })?.type;
    if (type === "block_actions") return await blockActions(parse(BlockActionsSchema, payload), deps);
    if (type === "view_submission") return await viewSubmission(parse(ViewSubmissionSchema, payload), deps);
    // view_closed, shortcuts…: nothing to do, but Slack wants its 200.
    return ok();
  } catch (e) {
    if (isKubesleuthError(e)) {
      if (e.code === "UNAUTHORIZED") warn("Slack interaction rejected", { reason: e.message });
      else warn("Slack interaction failed", { code: e.code, error: e.message });
      return fail(e.status, e.code, e.code === "UNAUTHORIZED" ? "invalid signature" : e.message);
    }
    warn("Slack interaction failed", { error: errorMessage(e) });
    return fail(500, "INTERNAL", "internal error");
  }
}

function parse<T extends z.ZodTypeAny>(schema: T, v: unknown): z.infer<T> {
  const r = schema.safeParse(v);
  if (!r.success) throw new KubesleuthError("BAD_REQUEST", `unexpected interaction payload: ${errorMessage(r.error)}`);
  return r.data;
}

async function load(store: InvestigationStore, id: string): Promise<InvestigationRecord | undefined> {
  if (!/^[A-Za-z0-9._:-]{1,200}$/.test(id)) return undefined;
  return store.getInvestigation(id);
}

async function blockActions(p: z.infer<typeof BlockActionsSchema>, deps: InteractionDeps): Promise<InteractionResponse> {
  const action = p.actions.find((a) => a.action_id.startsWith(ACTION_PREFIX));
  if (!action?.value) return ok();
  const inv = await load(deps.store, action.value);
  if (!inv?.report) {
    deps.warn?.("feedback for an unknown or unfinished investigation", { investigationId: action.value });
    return ok();
  }
  const where = inv.notification ?? (p.container?.channel_id && p.container.message_ts ? { channel: p.container.channel_id, ts: p.container.message_ts } : undefined);
  if (action.action_id === ACTION_IDS.context) {
    if (!p.trigger_id) throw new KubesleuthError("BAD_REQUEST", "Add context without a trigger_id");
    await deps.slack.openView(p.trigger_id, feedbackModal({ investigationId: inv.id, ...where }, inv.report.rootCause));
    return ok();
  }
  const verdict = (Object.entries(ACTION_IDS).find(([, id]) => id === action.action_id)?.[0]) as Verdict | "context" | undefined;
  if (!verdict || verdict === "context") return ok();
  await store(inv, { verdict, user: userName(p.user) }, where, deps);
  return ok();
}

async function viewSubmission(p: z.infer<typeof ViewSubmissionSchema>, deps: InteractionDeps): Promise<InteractionResponse> {
  if (p.view.callback_id !== MODAL_CALLBACK_ID) return ok();
  let meta: z.infer<typeof MetadataSchema>;
  try {
    meta = MetadataSchema.parse(JSON.parse(p.view.private_metadata));
  } catch (e) {
    throw new KubesleuthError("BAD_REQUEST", `modal metadata: ${errorMessage(e)}`);
  }
  const values = p.view.state.values;
  const picked = values[CATEGORY_BLOCK]?.[CATEGORY_ACTION]?.selected_option?.value;
  const category = CategorySchema.safeParse(picked);
  if (!category.success) return ok({ response_action: "errors", errors: { [CATEGORY_BLOCK]: "Pick a category from the list." } });
  const note = values[NOTE_BLOCK]?.[NOTE_ACTION]?.value ?? undefined;
  if (note && note.length > NOTE_MAX) return ok({ response_action: "errors", errors: { [NOTE_BLOCK]: `At most ${NOTE_MAX} characters.` } });
  const inv = await load(deps.store, meta.investigationId);
  if (!inv?.report) return ok({ response_action: "errors", errors: { [CATEGORY_BLOCK]: "This investigation no longer exists." } });
  // Keeping the diagnosed category confirms it (with a note); another category says it was wrong and what was right.
  const verdict: Verdict = category.data === inv.report.rootCause.category ? "accurate" : "wrong";
  const where = inv.notification ?? (meta.channel && meta.ts ? { channel: meta.channel, ts: meta.ts } : undefined);
  await store(inv, { verdict, user: userName(p.user), correctedCategory: category.data, note: note ?? undefined }, where, deps);
  return ok();
}

async function store(
  inv: InvestigationRecord,
  input: Parameters<typeof recordFeedback>[2],
  where: { channel: string; ts: string } | undefined,
  deps: InteractionDeps,
): Promise<void> {
  const { record, feedback, duplicate } = await recordFeedback(deps.store, inv, input, deps.clock);
  deps.info?.("feedback recorded", { investigationId: inv.id, verdict: feedback.verdict, category: feedback.category, corrected: feedback.correctedCategory, duplicate });
  if (duplicate || !where) return;
  // The verdict is stored; a failed message edit only delays "marked … by" until the next edit.
  try {
    await deps.slack.update(where.channel, where.ts, diagnosisMessage(record, record.report!, { portalUrl: deps.portalUrl }));
  } catch (e) {
    deps.warn?.("could not show the feedback on the message", { investigationId: inv.id, error: errorMessage(e) });
  }
}

/** A ready request handler for an HTTP front (the local server), from a token and a signing secret. */
export async function createInteractionHandler(o: Omit<InteractionDeps, "slack"> & { token: string; slackApiUrl?: string }): Promise<(req: InteractionRequest) => Promise<InteractionResponse>> {
  const { WebApiSlack } = await import("./client.js");
  const deps: InteractionDeps = { ...o, slack: new WebApiSlack({ token: o.token, slackApiUrl: o.slackApiUrl, retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 400 }, timeoutMs: 2500 }) };
  return (req) => handleSlackInteraction(req, deps);
}
