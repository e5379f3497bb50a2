// EndpointLog storage size, measured where wrangler dev keeps it: each Durable Object's SQLite
// database is a file (plus its write-ahead log) under the `--persist-to` directory, in a folder
// named after the class. The file names are hashes of object ids, so the benchmark tells its
// endpoint's file apart by taking a snapshot of the folder before the endpoint's first hit: the
// files that appear afterwards are that endpoint's (nothing else is loaded meanwhile).
//
// Two numbers, because the raw file sizes mislead in both directions: the WAL is SQLite's
// journal, reused after each checkpoint and never shrunk, so once the first checkpoint has
// happened (about 1,000 pages of writes) it stays near its high-water mark whatever history
// holds; and right after 1,000 hits much of the data is still in the WAL, not the database file.
// `liveBytes` is what the database holds: a copy of the settled files is opened with the
// sqlite3 CLI (which replays the WAL) and (page_count − freelist_count) × page_size is read.
// `fileBytes` is the database file plus the WAL on disk, for reference.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

/** The directory wrangler dev persists to, from the Worker process's own arguments. */
export function persistDirOf(worker) {
  const args = worker.child.spawnargs;
  const i = args.indexOf("--persist-to");
  if (i < 0) throw new Error("the Worker was started without --persist-to");
  return args[i + 1];
}

function endpointLogFiles(persist) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (dir.includes("EndpointLog") && /\.sqlite(-wal)?$/.test(entry.name)) found.push(path);
    }
  };
  if (existsSync(persist)) walk(persist);
  return found;
}

/** Remembers which EndpointLog files exist now; `bytes()` then sums only the newer ones. */
export function watchNewEndpointLog(persist) {
  const before = new Set(endpointLogFiles(persist));
  return {
    files: () => endpointLogFiles(persist).filter((f) => !before.has(f)),
    bytes() {
      let total = 0;
      for (const f of this.files()) {
        try {
          total += statSync(f).size;
        } catch {
          // A WAL can vanish at a checkpoint between listing and stat.
        }
      }
      return total;
    },
  };
}

/**
 * Pages in use × page size of a settled copy, or null without the sqlite3 CLI. Copying first
 * keeps the CLI away from the live files workerd has open.
 */
export function liveBytes(watch) {
  const db = watch.files().find((f) => f.endsWith(".sqlite"));
  if (!db) return null;
  const dir = mkdtempSync(join(tmpdir(), "edgemock-bench-db-"));
  try {
    const copy = join(dir, basename(db));
    copyFileSync(db, copy);
    if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${copy}-wal`);
    const sql = "PRAGMA page_count; PRAGMA freelist_count; PRAGMA page_size;";
    const out = spawnSync("sqlite3", [copy, sql], { encoding: "utf8" });
    if (out.status !== 0 || out.error) return null;
    const [pages, free, size] = out.stdout.trim().split(/\s+/).map(Number);
    return (pages - free) * size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the size has not changed for `quietMs` (the last writes have landed). */
export async function settledBytes(watch, { quietMs = 1500, maxMs = 30_000 } = {}) {
  const deadline = Date.now() + maxMs;
  let last = watch.bytes();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const now = watch.bytes();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      break;
    }
  }
  return last;
}
