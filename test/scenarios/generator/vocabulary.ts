/** Word lists the generator draws realistic names from. Kept apart so the builders stay readable. */

/** Team / product namespaces of a mid-size company. */
export const NAMESPACE_WORDS = [
  "accounts", "ads", "analytics", "audit", "billing", "booking", "cart", "catalog-sync", "chat", "compliance",
  "content", "crm", "data-platform", "delivery", "discovery", "edge", "email", "experiments", "feature-flags",
  "feeds", "fraud", "fulfilment", "geo", "growth", "identity", "imaging", "insights", "integrations", "inventory",
  "invoicing", "ledger", "loyalty", "maps", "marketing", "media", "messaging", "ml-serving", "mobile-bff",
  "notifications", "onboarding", "partner-api", "pricing", "profiles", "promotions", "quality", "ranking",
  "recommendations", "reporting", "returns", "reviews", "risk", "routing", "scheduling", "settlement",
  "shipping", "sso", "storefront", "subscriptions", "support", "tax", "telemetry", "ticketing", "tracking",
  "translations", "vendor-portal", "video", "vouchers", "warehouse", "webhooks", "wishlist",
] as const;

/** Environment / tenancy suffixes so many namespaces can share a team word. */
export const NAMESPACE_SUFFIXES = ["", "-prod", "-jobs", "-internal", "-v2", "-eu", "-us", "-canary"] as const;

/** Workload roles within a namespace. */
export const WORKLOAD_ROLES = [
  "api", "worker", "consumer", "gateway", "scheduler", "sync", "indexer", "web", "grpc", "cache-warmer",
  "exporter", "webhook", "admin", "publisher", "processor", "reconciler", "bff", "proxy",
] as const;

export const IMAGE_REGISTRIES = [
  "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
  "ghcr.io/acme-corp",
  "registry.internal.acme.io",
] as const;

export const LOG_LINES = [
  "GET /healthz 200 0.4ms",
  "request completed status=200 route=/v1/items duration_ms=12",
  "consumer lag=0 partition=3",
  "cache hit ratio=0.97",
  "flushed 128 records to sink",
  "processed batch size=50 duration_ms=84",
  "connected to upstream pool size=10",
  "heartbeat ok",
] as const;

/** AWS-ish zones for node topology labels. */
export const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"] as const;

export const INSTANCE_TYPES = [
  { type: "m6i.2xlarge", cpu: "8", memoryKi: 32_386_524, pods: 58 },
  { type: "m6i.4xlarge", cpu: "16", memoryKi: 64_774_548, pods: 110 },
  { type: "c6i.4xlarge", cpu: "16", memoryKi: 32_386_524, pods: 110 },
  { type: "r6i.2xlarge", cpu: "8", memoryKi: 65_023_876, pods: 58 },
] as const;
