/** Response shapes negotiated through the Accept header: plain objects, meta.k8s.io Table, PartialObjectMetadata(List). */
import type { KubeObject } from "../../shared/src/index.js";
import { DEFAULT_PRINTER, PRINTERS } from "./printers.js";

export type Shape = "object" | "table" | "partial";

/** What the client asked for: first acceptable media type wins, as in apiserver content negotiation. */
export function negotiateShape(accept: string | undefined): Shape {
  if (!accept) return "object";
  for (const part of accept.split(",")) {
    const [type, ...params] = part.split(";").map((s) => s.trim());
    const p = Object.fromEntries(params.map((kv) => kv.split("=").map((s) => s.trim()) as [string, string]));
    if (type !== "application/json" && type !== "*/*" && type !== "application/*" && type !== "application/yaml") continue;
    if (!p.as) return "object";
    if (p.g === "meta.k8s.io" && p.as === "Table" && (p.v === "v1" || p.v === "v1beta1")) return "table";
    if (p.g === "meta.k8s.io" && (p.as === "PartialObjectMetadataList" || p.as === "PartialObjectMetadata") && (p.v === "v1" || p.v === "v1beta1")) return "partial";
  }
  return "object";
}

export function partialObject(o: KubeObject): Record<string, unknown> {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata };
}

export interface ListMeta { resourceVersion: string; continue?: string; remainingItemCount?: number }

export function partialList(items: KubeObject[], meta: ListMeta): Record<string, unknown> {
  return { kind: "PartialObjectMetadataList", apiVersion: "meta.k8s.io/v1", metadata: meta, items: items.map(partialObject) };
}

/** includeObject=None|Metadata|Object (default Metadata), like the apiserver's table conversion. */
export function toTable(kind: string, items: KubeObject[], meta: ListMeta, now: number, includeObject: string | null, addTypeMeta: (o: KubeObject) => KubeObject): Record<string, unknown> {
  const printer = PRINTERS[kind] ?? DEFAULT_PRINTER;
  const mode = includeObject ?? "Metadata";
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: meta,
    columnDefinitions: printer.columns,
    rows: items.map((o) => {
      const row: Record<string, unknown> = { cells: printer.cells(o, now) };
      if (mode === "Object") row.object = addTypeMeta(o);
      else if (mode !== "None") row.object = partialObject(o);
      return row;
    }),
  };
}
