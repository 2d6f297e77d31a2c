/**
 * Label selector semantics (k8s.io/apimachinery/pkg/apis/meta/v1 LabelSelectorAsSelector) for matching
 * client-side, and the string form the API server's `labelSelector` query parameter accepts.
 */
export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | string;
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}
type Labels = Record<string, string> | undefined;

/**
 * metav1.LabelSelector: null selects nothing, {} selects everything (as for NetworkPolicy podSelector and
 * PDB selector in policy/v1). An unknown operator selects nothing (the API server would have rejected it).
 */
export function labelSelectorMatches(sel: LabelSelector | null | undefined, labels: Labels): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels?.[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = !!labels && Object.hasOwn(labels, e.key);
    const val = has ? labels![e.key] : undefined;
    switch (e.operator) {
      case "In": if (!has || !(e.values ?? []).includes(val!)) return false; break;
      case "NotIn": if (has && (e.values ?? []).includes(val!)) return false; break;
      case "Exists": if (!has) return false; break;
      case "DoesNotExist": if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** A Service's (or ReplicationController's) map selector: empty or absent selects nothing (no endpoints managed). */
export function mapSelectorMatches(sel: Record<string, string> | null | undefined, labels: Labels): boolean {
  if (!sel || !Object.keys(sel).length) return false;
  return Object.entries(sel).every(([k, v]) => labels?.[k] === v);
}

/** String form for `?labelSelector=`; undefined when the selector cannot be expressed (unknown operator). */
export function selectorString(sel: LabelSelector | Record<string, string> | null | undefined): string | undefined {
  if (!sel) return undefined;
  const isLabelSelector = "matchLabels" in sel || "matchExpressions" in sel;
  const matchLabels = (isLabelSelector ? (sel as LabelSelector).matchLabels : (sel as Record<string, string>)) ?? {};
  const parts = Object.entries(matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const e of isLabelSelector ? ((sel as LabelSelector).matchExpressions ?? []) : []) {
    const vals = [...(e.values ?? [])].sort().join(",");
    switch (e.operator) {
      case "In": parts.push(`${e.key} in (${vals})`); break;
      case "NotIn": parts.push(`${e.key} notin (${vals})`); break;
      case "Exists": parts.push(e.key); break;
      case "DoesNotExist": parts.push(`!${e.key}`); break;
      default: return undefined;
    }
  }
  return parts.join(",");
}
