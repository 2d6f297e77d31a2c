/**
 * Embedded persistent InvestigationStore for local mode: the MemoryStore's exact port semantics, with its
 * state persisted to one snapshot file under the data dir after every write. A write answers only once the
 * file that contains it is on disk (temp file + fsync + rename, so a crash leaves either the old or the new
 * file, never a torn one). Concurrent writers in one process share one flush: a burst of changes costs a
 * few file writes, not one each. A lock file keeps a second process off the same data dir.
 */
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { KubesleuthError, errorMessage } from "../../../shared/src/index.js";
import { MemoryStore, type MemoryStoreSnapshot } from "../adapters/memory/memory-store.js";
import { systemClock, type Clock } from "../core/ports.js";

export const STORE_FILE = "store.json";
const LOCK_FILE = "store.lock";
const FORMAT_VERSION = 1;

interface StoreFile extends MemoryStoreSnapshot {
  format: number;
  savedAt: string;
}

export interface FileStoreOptions {
  dataDir: string;
  clock?: Clock;
  /** Test hook: called before each file write (fault injection: throw to simulate a full disk). */
  beforeWrite?: () => void | Promise<void>;
}

export class FileStore extends MemoryStore {
  /** Bumped by every change; `persisted` is the version the file on disk holds. */
  private version = 0;
  private persisted = 0;
  private flushing?: Promise<void>;
  private closed = false;
  private tmpSeq = 0;

  private constructor(private readonly opts: FileStoreOptions) {
    super(opts.clock ?? systemClock);
  }

  get file(): string {
    return join(this.opts.dataDir, STORE_FILE);
  }

  /** Open (or create) the store in `dataDir`. Refuses a data dir another live process holds, or a corrupt file. */
  static async open(opts: FileStoreOptions): Promise<FileStore> {
    await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
    const store = new FileStore(opts);
    await store.lock();
    try {
      await store.load();
    } catch (e) {
      await store.unlock();
      throw e;
    }
    return store;
  }

  /** Persist whatever is pending and release the lock. Later writes reject with STORE_UNAVAILABLE. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.unlock();
  }

  protected override async changed(): Promise<void> {
    if (this.closed) throw new KubesleuthError("STORE_UNAVAILABLE", "store is closed (server shutting down)");
    this.version++;
    await this.flush();
  }

  /** Resolves when the file holds every change made before the call. */
  private async flush(): Promise<void> {
    const wanted = this.version;
    while (this.persisted < wanted) {
      if (!this.flushing) {
        const v = this.version;
        this.flushing = this.write(v).then(
          () => { this.persisted = Math.max(this.persisted, v); },
        ).finally(() => { this.flushing = undefined; });
      }
      await this.flushing;
    }
  }

  private async write(version: number): Promise<void> {
    const body: StoreFile = { format: FORMAT_VERSION, savedAt: new Date().toISOString(), ...this.snapshot() };
    const tmp = `${this.file}.tmp-${process.pid}-${++this.tmpSeq}`;
    try {
      await this.opts.beforeWrite?.();
      const fh = await open(tmp, "w", 0o600);
      try {
        await fh.writeFile(JSON.stringify(body));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.file);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => {});
      // The in-memory state stays ahead of the file; the next successful write carries this change too.
      throw new KubesleuthError("STORE_UNAVAILABLE", `cannot write ${this.file} (change ${version}): ${errorMessage(e)}`, { cause: e });
    }
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return; // a fresh data dir
      throw new KubesleuthError("STORE_UNAVAILABLE", `cannot read ${this.file}: ${errorMessage(e)}`, { cause: e });
    }
    let parsed: StoreFile;
    try {
      parsed = JSON.parse(text) as StoreFile;
    } catch (e) {
      throw new KubesleuthError("STORE_UNAVAILABLE", `${this.file} is not valid JSON (${errorMessage(e)}); it was left untouched: move it aside to start empty`, { cause: e });
    }
    if (parsed?.format !== FORMAT_VERSION || !Array.isArray(parsed.investigations) || !Array.isArray(parsed.alerts) || !Array.isArray(parsed.feedback)) {
      throw new KubesleuthError("STORE_UNAVAILABLE", `${this.file} has an unknown format (expected format ${FORMAT_VERSION}); it was left untouched`);
    }
    this.restore(parsed);
  }

  private get lockPath(): string {
    return join(this.opts.dataDir, LOCK_FILE);
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
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
          throw new KubesleuthError("STORE_UNAVAILABLE", `data dir ${this.opts.dataDir} is in use by process ${pid}`);
        }
        if (pid === process.pid) {
          throw new KubesleuthError("STORE_UNAVAILABLE", `data dir ${this.opts.dataDir} is already open in this process`);
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
