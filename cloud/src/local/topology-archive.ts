/**
 * Keeps the topology graph of each investigation for the portal's picture. The engine's report lists the
 * affected resources but not the edges, so local mode records the agent's topology.discover answer as it
 * passes through the gateway. Stored slim (refs and edges, no object bodies), one file per investigation,
 * written atomically.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  TopologyGraphSchema, type AgentCommandInput, type AgentResult, type TopologyGraph,
} from "../../../shared/src/index.js";
import type { ClusterGateway } from "../core/ports.js";

export interface TopologyArchive {
  save(investigationId: string, graph: TopologyGraph): Promise<void>;
  load(investigationId: string): Promise<TopologyGraph | undefined>;
}

export function slimGraph(g: TopologyGraph): TopologyGraph {
  return {
    root: g.root,
    nodes: g.nodes.map((n) => ({ id: n.id, ref: n.ref, ...(n.missing ? { missing: true } : {}) })),
    edges: g.edges,
    warnings: g.warnings,
  };
}

export class FileTopologyArchive implements TopologyArchive {
  private seq = 0;
  constructor(private readonly dir: string) {}
  private file(id: string) {
    return join(this.dir, `${encodeURIComponent(id)}.json`);
  }
  async save(id: string, graph: TopologyGraph): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file(id)}.tmp-${process.pid}-${++this.seq}`;
    await writeFile(tmp, JSON.stringify(slimGraph(graph)), { mode: 0o600 });
    await rename(tmp, this.file(id));
  }
  async load(id: string): Promise<TopologyGraph | undefined> {
    try {
      const parsed = TopologyGraphSchema.safeParse(JSON.parse(await readFile(this.file(id), "utf8")));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}

export class MemoryTopologyArchive implements TopologyArchive {
  private graphs = new Map<string, TopologyGraph>();
  async save(id: string, graph: TopologyGraph) {
    this.graphs.set(id, slimGraph(graph));
  }
  async load(id: string) {
    return this.graphs.get(id);
  }
}

/** A gateway that records topology answers on their way to the engine. Recording never fails a command. */
export function recordingGateway(inner: ClusterGateway, archive: TopologyArchive, onError?: (e: unknown) => void): ClusterGateway {
  return {
    async execute(command: AgentCommandInput): Promise<AgentResult> {
      const result = await inner.execute(command);
      if (result.ok && result.kind === "topology.discover" && command.investigationId) {
        const g = TopologyGraphSchema.safeParse(result.data);
        // Keep the first (the investigation's own target); follow-up walks of dependencies do not replace it.
        if (g.success && !(await archive.load(command.investigationId))) await archive.save(command.investigationId, g.data).catch(onError);
      }
      return result;
    },
  };
}
