/**
 * The subset of Block Kit kubesleuth sends, as zod schemas with Slack's documented limits
 * (https://docs.slack.dev/reference/block-kit). Every message and modal is checked against these in tests, and
 * the builders enforce the same numbers by truncating with a marker, so a post never fails on a limit.
 */
import { z } from "zod";

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  /** Context text elements share the section text limit. */
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  /** Top-level `text` (notification fallback): Slack truncates at 40,000; we keep it short. */
  fallbackText: 3000,
  modalTitle: 24,
  modalButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  placeholder: 150,
  plainTextInputMax: 3000,
} as const;

const PlainText = (max: number) => z.object({ type: z.literal("plain_text"), text: z.string().min(1).max(max), emoji: z.boolean().optional() }).strict();
const Mrkdwn = (max: number) => z.object({ type: z.literal("mrkdwn"), text: z.string().min(1).max(max), verbatim: z.boolean().optional() }).strict();
const Text = (max: number) => z.union([PlainText(max), Mrkdwn(max)]);
const blockId = z.string().min(1).max(LIMITS.blockId).optional();

export const ButtonSchema = z.object({
  type: z.literal("button"),
  text: PlainText(LIMITS.buttonText),
  action_id: z.string().min(1).max(LIMITS.actionId),
  value: z.string().max(LIMITS.buttonValue).optional(),
  url: z.string().max(LIMITS.buttonUrl).regex(/^https?:\/\//).optional(),
  style: z.enum(["primary", "danger"]).optional(),
}).strict();

export const HeaderBlockSchema = z.object({ type: z.literal("header"), text: PlainText(LIMITS.headerText), block_id: blockId }).strict();
export const SectionBlockSchema = z.object({
  type: z.literal("section"),
  text: Text(LIMITS.sectionText).optional(),
  fields: z.array(Text(LIMITS.fieldText)).min(1).max(LIMITS.sectionFields).optional(),
  accessory: ButtonSchema.optional(),
  block_id: blockId,
}).strict().refine((b) => b.text || b.fields, { message: "a section needs text or fields" });
export const ContextBlockSchema = z.object({
  type: z.literal("context"),
  elements: z.array(Text(LIMITS.contextText)).min(1).max(LIMITS.contextElements),
  block_id: blockId,
}).strict();
export const DividerBlockSchema = z.object({ type: z.literal("divider"), block_id: blockId }).strict();
export const ActionsBlockSchema = z.object({
  type: z.literal("actions"),
  elements: z.array(ButtonSchema).min(1).max(LIMITS.actionsElements),
  block_id: blockId,
}).strict();

const OptionSchema = z.object({ text: PlainText(LIMITS.optionText), value: z.string().min(1).max(LIMITS.optionValue) }).strict();
export const StaticSelectSchema = z.object({
  type: z.literal("static_select"),
  action_id: z.string().min(1).max(LIMITS.actionId),
  placeholder: PlainText(LIMITS.placeholder).optional(),
  options: z.array(OptionSchema).min(1).max(LIMITS.selectOptions),
  initial_option: OptionSchema.optional(),
}).strict();
export const PlainTextInputSchema = z.object({
  type: z.literal("plain_text_input"),
  action_id: z.string().min(1).max(LIMITS.actionId),
  multiline: z.boolean().optional(),
  max_length: z.number().int().min(1).max(LIMITS.plainTextInputMax).optional(),
  placeholder: PlainText(LIMITS.placeholder).optional(),
}).strict();
export const InputBlockSchema = z.object({
  type: z.literal("input"),
  block_id: blockId,
  label: PlainText(LIMITS.inputLabel),
  hint: PlainText(LIMITS.inputHint).optional(),
  optional: z.boolean().optional(),
  element: z.union([StaticSelectSchema, PlainTextInputSchema]),
}).strict();

export const MessageBlockSchema = z.union([HeaderBlockSchema, SectionBlockSchema, ContextBlockSchema, DividerBlockSchema, ActionsBlockSchema]);
export type MessageBlock = z.infer<typeof MessageBlockSchema>;
export type Button = z.infer<typeof ButtonSchema>;

/** What chat.postMessage / chat.update receive (besides channel/ts/thread_ts). */
export const MessageSchema = z.object({
  text: z.string().min(1).max(LIMITS.fallbackText),
  blocks: z.array(MessageBlockSchema).min(1).max(LIMITS.blocksPerMessage),
}).strict();
export type SlackMessage = z.infer<typeof MessageSchema>;

export const ModalViewSchema = z.object({
  type: z.literal("modal"),
  callback_id: z.string().min(1).max(LIMITS.callbackId),
  title: PlainText(LIMITS.modalTitle),
  submit: PlainText(LIMITS.modalButton).optional(),
  close: PlainText(LIMITS.modalButton).optional(),
  private_metadata: z.string().max(LIMITS.privateMetadata).optional(),
  blocks: z.array(z.union([MessageBlockSchema, InputBlockSchema])).min(1).max(LIMITS.blocksPerModal),
}).strict();
export type ModalView = z.infer<typeof ModalViewSchema>;
