/**
 * The Slack Web API calls kubesleuth makes, through @slack/web-api's WebClient. Rate limits (429 + Retry-After)
 * are honoured by the client's own retry policy (it pauses its queue for Retry-After seconds, then retries);
 * 5xx and network errors are retried with backoff. Whatever still fails becomes KubesleuthError("NOTIFIER_ERROR")
 * carrying Slack's error code, so callers (the runner) can mark the delivery pending instead of losing it.
 */
import { LogLevel, WebClient, type RetryOptions } from "@slack/web-api";
import { KubesleuthError } from "../../../../shared/src/index.js";
import type { ModalView, SlackMessage } from "./blocks/index.js";

export interface SlackClientOptions {
  /** Bot token (xoxb-…) or a function reading it (Secrets Manager), called once per client use and cached by value. */
  token: string | (() => Promise<string>);
  /** Web API base URL; tests point it at a local server. Default https://slack.com/api/. */
  slackApiUrl?: string;
  /** Retry policy for 429/5xx/network errors. Default: 3 retries, 0.5 s → 4 s backoff. */
  retryConfig?: RetryOptions;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4000, randomize: true };

export interface Posted {
  channel: string;
  ts: string;
}

/** What the notifier, the interactions endpoint and the digest need from Slack. */
export interface SlackApi {
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<Posted>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  openView(triggerId: string, view: ModalView): Promise<void>;
}

/** Slack's error code ("channel_not_found", "ratelimited", "http_500"…) of a thrown @slack/web-api error. */
export function slackErrorCode(e: unknown): string {
  const x = e as { code?: string; data?: { error?: string }; statusCode?: number; original?: Error } | undefined;
  if (x?.data?.error) return x.data.error;
  if (x?.code === "slack_webapi_http_error" && x.statusCode) return `http_${x.statusCode}`;
  if (x?.code === "slack_webapi_rate_limited_error") return "ratelimited";
  if (x?.code === "slack_webapi_request_error") return `request_failed: ${x.original?.message ?? "network error"}`;
  return (e as Error)?.message ?? String(e);
}

export function notifierError(what: string, e: unknown): KubesleuthError {
  return new KubesleuthError("NOTIFIER_ERROR", `Slack ${what} failed: ${slackErrorCode(e)}`, { cause: e });
}

export class WebApiSlack implements SlackApi {
  private client?: { token: string; web: WebClient };

  constructor(private readonly o: SlackClientOptions) {}

  private async web(): Promise<WebClient> {
    const token = typeof this.o.token === "string" ? this.o.token : await this.o.token();
    if (!token) throw new KubesleuthError("CONFIG_INVALID", "Slack bot token is empty");
    if (this.client?.token !== token) {
      this.client = {
        token,
        web: new WebClient(token, {
          slackApiUrl: this.o.slackApiUrl,
          retryConfig: this.o.retryConfig ?? DEFAULT_RETRY,
          timeout: this.o.timeoutMs ?? 10_000,
          rejectRateLimitedCalls: false,
          logLevel: LogLevel.ERROR,
        }),
      };
    }
    return this.client.web;
  }

  async post(channel: string, m: SlackMessage, threadTs?: string): Promise<Posted> {
    try {
      const r = await (await this.web()).chat.postMessage({ channel, text: m.text, blocks: m.blocks as any, ...(threadTs ? { thread_ts: threadTs } : {}), unfurl_links: false, unfurl_media: false });
      if (!r.ts || !r.channel) throw new Error("chat.postMessage answered without channel/ts");
      return { channel: r.channel, ts: r.ts };
    } catch (e) {
      if (e instanceof KubesleuthError) throw e;
      throw notifierError("chat.postMessage", e);
    }
  }

  async update(channel: string, ts: string, m: SlackMessage): Promise<void> {
    try {
      await (await this.web()).chat.update({ channel, ts, text: m.text, blocks: m.blocks as any });
    } catch (e) {
      if (e instanceof KubesleuthError) throw e;
      throw notifierError("chat.update", e);
    }
  }

  async openView(triggerId: string, view: ModalView): Promise<void> {
    try {
      await (await this.web()).views.open({ trigger_id: triggerId, view: view as any });
    } catch (e) {
      if (e instanceof KubesleuthError) throw e;
      throw notifierError("views.open", e);
    }
  }
}
