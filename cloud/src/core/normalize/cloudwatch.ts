/**
 * CloudWatch alarm state change delivered by an SNS HTTPS subscription. The body is the SNS envelope
 * (posted as text/plain JSON); `Message` is the alarm as a JSON string. Container Insights dimensions
 * (ClusterName, Namespace, FullPodName, PodName, Service, NodeName) give the Kubernetes target.
 */
import { z } from "zod";
import { KubesleuthError } from "../../../../shared/src/index.js";
import {
  MAX_ANNOTATION_VALUE, MAX_LABEL_VALUE, emptyGroup, finishAlert, isoTime, jsonBody, parseOrBadRequest, safeRecord,
  type NormalizeOptions, type NormalizedBatch,
} from "./common.js";

export const SnsEnvelopeSchema = z.object({
  Type: z.enum(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]),
  MessageId: z.string(),
  TopicArn: z.string(),
  Subject: z.string().nullish(),
  Message: z.string(),
  Timestamp: z.string().optional(),
  SubscribeURL: z.string().optional(),
  Token: z.string().optional(),
});

const DimensionSchema = z.object({ name: z.string(), value: z.string() });

export const CloudWatchAlarmSchema = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullish(),
  AWSAccountId: z.string().optional(),
  NewStateValue: z.enum(["ALARM", "OK", "INSUFFICIENT_DATA"]),
  NewStateReason: z.string().optional(),
  StateChangeTime: z.string(),
  Region: z.string().optional(),
  AlarmArn: z.string().optional(),
  OldStateValue: z.string().optional(),
  Trigger: z.object({
    MetricName: z.string().optional(),
    Namespace: z.string().optional(),
    Statistic: z.string().optional(),
    Threshold: z.number().optional(),
    ComparisonOperator: z.string().optional(),
    Dimensions: z.array(DimensionSchema).max(64).optional(),
    // Metric-math alarms carry their dimensions per metric.
    Metrics: z.array(z.object({
      MetricStat: z.object({ Metric: z.object({ Dimensions: z.array(DimensionSchema).max(64).optional() }).optional() }).optional(),
    })).max(32).optional(),
  }).optional(),
});

/** Container Insights dimension → kube-prometheus-stack label. PodName is the pod name without its suffix. */
const DIMENSION_MAP: Record<string, string> = {
  Namespace: "namespace",
  FullPodName: "pod",
  PodName: "workload",
  Service: "service",
  NodeName: "node",
  ContainerName: "container",
};

const WHAT = "cloudwatch sns";
const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** The SubscribeURL, only if it really points at SNS (the edge handler fetches it: no SSRF). */
export function checkSubscribeUrl(url: string | undefined): string {
  let u: URL;
  try {
    u = new URL(url ?? "");
  } catch {
    throw new KubesleuthError("BAD_REQUEST", `${WHAT}: SubscribeURL: not a URL`);
  }
  if (u.protocol !== "https:" || !SNS_HOST.test(u.hostname) || u.username || u.password || u.port) {
    throw new KubesleuthError("BAD_REQUEST", `${WHAT}: SubscribeURL: not an https sns.<region>.amazonaws.com URL`);
  }
  return u.toString();
}

export function normalizeCloudWatch(body: unknown, opts: NormalizeOptions): NormalizedBatch {
  const env = parseOrBadRequest(SnsEnvelopeSchema, jsonBody(body, WHAT), WHAT);
  const group = { ...emptyGroup() };
  if (env.Type === "SubscriptionConfirmation") {
    return {
      source: "cloudwatch", alerts: [], group,
      notes: [`SNS SubscriptionConfirmation for ${env.TopicArn}: confirm by fetching its SubscribeURL`],
      subscriptionConfirmation: { topicArn: env.TopicArn, subscribeURL: checkSubscribeUrl(env.SubscribeURL) },
    };
  }
  if (env.Type === "UnsubscribeConfirmation") {
    return { source: "cloudwatch", alerts: [], group, notes: [`SNS UnsubscribeConfirmation for ${env.TopicArn}: nothing to do`] };
  }
  const alarm = parseOrBadRequest(CloudWatchAlarmSchema, jsonBody(env.Message, `${WHAT} Message`), `${WHAT} Message`);
  if (alarm.NewStateValue === "INSUFFICIENT_DATA") {
    return { source: "cloudwatch", alerts: [], group, notes: [`alarm ${alarm.AlarmName} went to INSUFFICIENT_DATA: not an alert, ignored`] };
  }
  const alertNotes: string[] = [];
  const dims = [
    ...(alarm.Trigger?.Dimensions ?? []),
    ...(alarm.Trigger?.Metrics ?? []).flatMap((m) => m.MetricStat?.Metric?.Dimensions ?? []),
  ];
  const raw: Record<string, string> = Object.create(null);
  const mapped: Record<string, string> = Object.create(null);
  const clusterLabel = opts.clusterLabel || "cluster";
  for (const d of dims) {
    if (!(d.name in raw)) raw[d.name] = d.value;
    const canonical = d.name === "ClusterName" ? clusterLabel : Object.hasOwn(DIMENSION_MAP, d.name) ? DIMENSION_MAP[d.name] : undefined;
    if (canonical && !(canonical in mapped)) mapped[canonical] = d.value;
  }
  if (mapped["workload"] && !mapped["pod"]) {
    alertNotes.push(`PodName dimension ${JSON.stringify(mapped["workload"].slice(0, 80))} names the pods' prefix, not one pod: kept as label workload`);
  }
  const labels = safeRecord({
    ...raw,
    ...mapped,
    alertname: alarm.AlarmName,
    ...(alarm.AlarmArn ? { alarm_arn: alarm.AlarmArn } : {}),
    ...(alarm.Trigger?.MetricName ? { metric_name: alarm.Trigger.MetricName } : {}),
    ...(alarm.Trigger?.Namespace ? { metric_namespace: alarm.Trigger.Namespace } : {}),
    ...(alarm.AWSAccountId ? { aws_account_id: alarm.AWSAccountId } : {}),
  }, MAX_LABEL_VALUE, alertNotes, "labels");
  const annotations = safeRecord({
    ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
    ...(alarm.NewStateReason ? { summary: alarm.NewStateReason } : {}),
    ...(alarm.OldStateValue ? { old_state: alarm.OldStateValue } : {}),
    ...(alarm.Region ? { region: alarm.Region } : {}),
    sns_message_id: env.MessageId,
  }, MAX_ANNOTATION_VALUE, alertNotes, "annotations");
  const startsAt = isoTime(alarm.StateChangeTime, "Message.StateChangeTime", WHAT);
  if (!startsAt) throw new KubesleuthError("BAD_REQUEST", `${WHAT}: Message.StateChangeTime: required`);
  const status = alarm.NewStateValue === "ALARM" ? "firing" : "resolved";
  const region = alarm.AlarmArn?.split(":")[3];
  const link = region && /^[a-z0-9-]+$/.test(region)
    ? `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarm.AlarmName)}`
    : "";
  const alert = finishAlert({
    source: "cloudwatch",
    status,
    alertname: alarm.AlarmName,
    labels,
    annotations,
    startsAt,
    endsAt: status === "resolved" ? startsAt : undefined,
    links: [{ title: "CloudWatch alarm", url: link }],
    summary: alarm.NewStateReason,
    description: alarm.AlarmDescription ?? undefined,
    notes: alertNotes,
  }, opts, WHAT);
  return { source: "cloudwatch", alerts: [alert], group: { ...group, status }, notes: [] };
}
