/**
 * A stand-in model for corpus-wide tests (Converse format): it reads its prompt like a model would, reads the
 * namespace's events through a tool once, then endorses the top deterministic candidate it finds in the prompt.
 */
import type { RecordedRequest, Step } from "./server.js";

export function echoModel(req: RecordedRequest): Step {
  const system: string = req.body.system?.[0]?.text ?? "";
  const first: string = req.body.messages[0].content[0].text;
  if (system.startsWith("You triage")) return { kind: "text", text: JSON.stringify({ summary: "logs read", keyLines: [] }) };
  if (system.startsWith("You review")) return { kind: "text", text: JSON.stringify({ verdicts: [...first.matchAll(/^\[(\d+)\]/gm)].map((m) => ({ index: Number(m[1]), ok: true })) }) };
  const ns = /^namespace: ([a-z0-9-]+)$/m.exec(first)?.[1];
  const askedAlready = req.body.messages.some((m: any) => m.content.some((c: any) => c.toolResult));
  if (ns && !askedAlready) return { kind: "tool", calls: [{ name: "events_list", input: { namespace: ns } }] };
  const top = /^#1 (\S+) culprit=(\S+) confidence=(\w+)/m.exec(first);
  if (!top) return { kind: "text", text: JSON.stringify({ rootCause: { category: "unknown", resource: null, confidence: "low", summary: "no candidate" }, narrative: "nothing found" }) };
  const [kind, namespace, name] = top[2] === "none" ? [] : top[2]!.split("/");
  return {
    kind: "text",
    text: JSON.stringify({
      agreesWithTopCandidate: true,
      rootCause: { category: top[1], resource: kind ? { kind, namespace: namespace || null, name } : null, confidence: top[3], summary: "The deterministic finding is consistent with the events." },
      narrative: `Agrees with ${top[1]}.`,
    }),
  };
}

