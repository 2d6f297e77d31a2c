/**
 * Embedded persistent InvestigationStore for local mode: the MemoryStore's exact port semantics, persisted
 * under the data dir as a snapshot (`store.json`) plus an append-only journal (`journal.jsonl`).
 *
 * - Every write is on disk (appended and fsynced) before it is acknowledged, so a 202 means durable.
 * - Journal lines carry the resulting state of what changed (the whole investigation, the alert record, the new
 *   feedback), so replay is idempotent; each line has a sequence number and the snapshot records the last one it
 *   contains, so a crash between compaction steps never applies a line twice.
 * - Concurrent writers share one append (group commit): a burst of changes costs a few fsyncs, not one each.
 * - The journal is compacted into a new snapshot (temp file + fsync + rename) when it grows and on close.
 * - A torn last line (crash mid-append) is dropped on open; corruption anywhere else refuses to start
 *   and leaves the files untouched. A lock file keeps a second process off the same data dir.
 */
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import { MemoryStore, type MemoryStoreSnapshot } from "../adapters/memory/memory-store.js";
import { systemClock, type Clock, type FeedbackRecord, type InvestigationRecord } from "../core/ports.js";
import type { NormalizedAlert } from "../../../shared/src/index.js";

export const STORE_FILE = "store.json";
export const JOURNAL_FILE = "journal.jsonl";
const LOCK_FILE = "store.lock";
const FORMAT_VERSION = 1;
/** Compact when the journal passes this size. */
const COMPACT_BYTES = 8 * 1024 * 1024;

interface StoreFile extends MemoryStoreSnapshot {
  format: number;
  savedAt: string;
  /** Sequence number of the last journal line folded into this snapshot. */
  seq?: number;
}

type JournalLine =
  | { s: number; t: "i"; v: InvestigationRecord }
  | { s: number; t: "a"; k: string; v: { alert: NormalizedAlert; expiresAt: number } }
  | { s: number; t: "f"; v: FeedbackRecord };

export interface FileStoreOptions {
  dataDir: string;
  clock?: Clock;
  /** Test hook: called before each disk write (fault injection: throw to simulate a full disk). */
  beforeWrite?: () => void | Promise<void>;
  /** Journal size that triggers compaction (tests use a small one). */
  compactBytes?: number;
}

export class FileStore extends MemoryStore {
  /** Bumped by every change; `persisted` is the last version on disk. */
  private version = 0;
  private persisted = 0;
  private flushing?: Promise<void>;
  private closed = false;
  private seq = 0;
  private journal?: FileHandle;
  private journalBytes = 0;
  private touchedInvestigations = new Set<string>();
  private touchedAlerts = new Set<string>();
  private journaledFeedback = 0;

  private constructor(private readonly opts: FileStoreOptions) {
    super(opts.clock ?? systemClock);
  }

  get file(): string {
    return join(this.opts.dataDir, STORE_FILE);
  }
  private get journalPath(): string {
    return join(this.opts.dataDir, JOURNAL_FILE);
  }
  private get lockPath(): string {
    return join(this.opts.dataDir, LOCK_FILE);
  }

  /** Open (or create) the store in `dataDir`. Refuses a data dir another live process holds, or corrupt files. */
  static async open(opts: FileStoreOptions): Promise<FileStore> {
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    const store = new FileStore(opts);
    await store.lock();
    try {
      await store.load();
      store.journal = await open(store.journalPath, "a", 0o600);
    } catch (e) {
      await store.unlock();
      throw e;
    }
    return store;
  }

  /** Persist what is pending, fold the journal into the snapshot, release the lock. Later writes reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
      await this.compact();
    } finally {
      this.closed = true;
      await this.journal?.close().catch(() => {});
      await this.unlock();
    }
  }

  // Mark what each write touches; changed() (called by the MemoryStore after the mutation) persists it.
  override recordAlert(key: string, alert: NormalizedAlert, ttlSeconds: number): Promise<boolean> {
    this.touchedAlerts.add(key);
    return super.recordAlert(key, alert, ttlSeconds);
  }
  override createInvestigation(record: InvestigationRecord): Promise<void> {
    this.touchedInvestigations.add(record.id);
    return super.createInvestigation(record);
  }
  override updateInvestigation(id: string, patch: Partial<Omit<InvestigationRecord, "id">>): Promise<InvestigationRecord> {
    this.touchedInvestigations.add(id);
    return super.updateInvestigation(id, patch);
  }

  protected override async changed(): Promise<void> {
    if (this.closed) throw new KubesleuthError("STORE_UNAVAILABLE", "store is closed (server shutting down)");
    this.version++;
    await this.flush();
  }

  /** Resolves when the disk holds every change made before the call. */
  private async flush(): Promise<void> {
    const wanted = this.version;
    while (this.persisted < wanted) {
      if (!this.flushing) {
        const v = this.version;
        this.flushing = this.append().then(() => {
          this.persisted = Math.max(this.persisted, v);
        }).finally(() => {
          this.flushing = undefined;
        });
      }
      await this.flushing;
    }
  }

  /** One group commit: the current state of everything touched since the last one. */
  private async append(): Promise<void> {
    const invIds = [...this.touchedInvestigations];
    const alertKeys = [...this.touchedAlerts];
    const fbEnd = this.feedback.length;
    this.touchedInvestigations.clear();
    this.touchedAlerts.clear();
    const lines: JournalLine[] = [];
    for (const id of invIds) {
      const v = this.investigations.get(id);
      if (v) lines.push({ s: ++this.seq, t: "i", v });
    }
    for (const k of alertKeys) {
      const v = this.alerts.get(k);
      if (v) lines.push({ s: ++this.seq, t: "a", k, v });
    }
    for (const v of this.feedback.slice(this.journaledFeedback, fbEnd)) lines.push({ s: ++this.seq, t: "f", v });
    if (!lines.length) return;
    const text = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
    try {
      await this.opts.beforeWrite?.();
      if (!this.journal) throw new Error("journal is not open");
      await this.journal.appendFile(text);
      await this.journal.sync();
    } catch (e) {
      // Nothing is lost: what this commit carried is written by the next one.
      for (const id of invIds) this.touchedInvestigations.add(id);
      for (const k of alertKeys) this.touchedAlerts.add(k);
      throw new KubesleuthError("STORE_UNAVAILABLE", `cannot write ${this.journalPath}: ${errorMessage(e)}`, { cause: e });
    }
    this.journaledFeedback = fbEnd;
    this.journalBytes += Buffer.byteLength(text);
    if (this.journalBytes > (this.opts.compactBytes ?? COMPACT_BYTES)) {
      await this.compact().catch(() => {
        /* the journal stays authoritative; compaction is retried after the next append */
      });
    }
  }

  /** Fold the journal into a new snapshot, then empty the journal. Runs inside the flush chain or at close. */
  private async compact(): Promise<void> {
    // Feedback is append-only in the journal: entries the snapshot holds must not be appended again.
    const fbInSnapshot = this.feedback.length;
    const body: StoreFile = { format: FORMAT_VERSION, savedAt: new Date().toISOString(), seq: this.seq, ...this.snapshot() };
    const tmp = `${this.file}.tmp-${process.pid}`;
    await this.opts.beforeWrite?.();
    const fh = await open(tmp, "w", 0o600);
    try {
      await fh.writeFile(JSON.stringify(body));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.file);
    // A crash here leaves journal lines the snapshot already holds: their sequence numbers make replay skip them.
    this.journaledFeedback = Math.max(this.journaledFeedback, fbInSnapshot);
    await this.journal?.truncate(0);
    this.journalBytes = 0;
  }

  private async load(): Promise<void> {
    let snapshotSeq = 0;
    const text = await readOptional(this.file);
    if (text !== undefined) {
      let parsed: StoreFile;
      try {
        parsed = JSON.parse(text) as StoreFile;
      } catch (e) {
        throw new KubesleuthError("STORE_UNAVAILABLE", `${this.file} is not valid JSON (${errorMessage(e)}); it was left untouched: move the data dir aside to start empty`, { cause: e });
      }
      if (parsed?.format !== FORMAT_VERSION || !Array.isArray(parsed.investigations) || !Array.isArray(parsed.alerts) || !Array.isArray(parsed.feedback)) {
        throw new KubesleuthError("STORE_UNAVAILABLE", `${this.file} has an unknown format (expected format ${FORMAT_VERSION}); it was left untouched`);
      }
      this.restore(parsed);
      snapshotSeq = parsed.seq ?? 0;
    }
    this.seq = snapshotSeq;
    const journal = await readOptional(this.journalPath);
    if (journal) {
      const lines = journal.split("\n");
      let validBytes = 0;
      for (let i = 0; i < lines.length; i++) {
        const raw = lines[i]!;
        const last = i === lines.length - 1;
        if (raw === "") {
          if (!last) validBytes += 1;
          continue;
        }
        let line: JournalLine;
        try {
          line = JSON.parse(raw) as JournalLine;
        } catch (e) {
          // Only the final line can be torn by a crash mid-append: drop it. Anything else is corruption.
          if (last || (i === lines.length - 2 && lines[lines.length - 1] === "")) break;
          throw new KubesleuthError("STORE_UNAVAILABLE", `${this.journalPath} line ${i + 1} is corrupt (${errorMessage(e)}); it was left untouched`, { cause: e });
        }
        validBytes += Buffer.byteLength(raw) + 1;
        if (line.s <= snapshotSeq) continue;
        this.seq = Math.max(this.seq, line.s);
        if (line.t === "i") this.investigations.set(line.v.id, line.v);
        else if (line.t === "a") this.alerts.set(line.k, line.v);
        else if (line.t === "f") this.feedback.push(line.v);
      }
      if (validBytes < Buffer.byteLength(journal)) {
        const fh = await open(this.journalPath, "r+");
        await fh.truncate(validBytes);
        await fh.close();
      }
      this.journalBytes = validBytes;
    }
    this.journaledFeedback = this.feedback.length;
  }

  private async lock(): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(this.lockPath, String(process.pid), { flag: "wx", mode: 0o600 });
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
          throw new KubesleuthError("STORE_UNAVAILABLE", `cannot lock ${this.opts.dataDir}: ${errorMessage(e)}`, { cause: e });
        }
        const pid = Number((await readFile(this.lockPath, "utf8").catch(() => "")).trim());
        if (pid === process.pid) throw new KubesleuthError("STORE_UNAVAILABLE", `data dir ${this.opts.dataDir} is already open in this process`);
        if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
          throw new KubesleuthError("STORE_UNAVAILABLE", `data dir ${this.opts.dataDir} is in use by process ${pid}`);
        }
        await rm(this.lockPath, { force: true }); // stale lock of a crashed process
      }
    }
    throw new KubesleuthError("STORE_UNAVAILABLE", `cannot lock ${this.opts.dataDir}`);
  }

  private async unlock(): Promise<void> {
    await rm(this.lockPath, { force: true });
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new KubesleuthError("STORE_UNAVAILABLE", `cannot read ${path}: ${errorMessage(e)}`, { cause: e });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
