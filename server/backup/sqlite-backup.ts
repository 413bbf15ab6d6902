import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The SQLite store's file inside DATA_DIR (server/store/open-store.ts). */
export const STORE_FILE = 'collector.sqlite';
/** Inside a backup: the other files of DATA_DIR (the extension signing key, …), restored with it. */
const FILES_TABLE = 'esafety_backup_files';
const MAX_EXTRA_FILE_BYTES = 10 * 1024 * 1024;

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  tables: Record<string, number>;
  files: string[];
}

const storeFiles = (name: string) => name === STORE_FILE || name.startsWith(`${STORE_FILE}-`) || name.startsWith(`${STORE_FILE}.`);

function countRows(db: Database.Database): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`).pluck().get() as number]));
}

/**
 * Online backup of the SQLite store while the collector keeps ingesting: SQLite's backup API
 * (better-sqlite3 `db.backup`) copies a consistent snapshot, restarting if a write lands
 * mid-copy, so every page comes from one committed state. Asking for all remaining pages per
 * step means a restart copies in one read transaction, which writers (WAL) never block.
 * The other files in DATA_DIR (the extension signing key) go into the same backup file.
 */
export async function backupSqlite(dataDir: string, target: string): Promise<BackupResult> {
  const source = path.join(dataDir, STORE_FILE);
  if (!fs.existsSync(source)) throw new BackupError(`no SQLite store at ${source} (is DATA_DIR right?)`);
  const out = path.resolve(target);
  if (fs.existsSync(out)) throw new BackupError(`${out} already exists; choose a new file name (a backup never overwrites)`);
  const partial = `${out}.partial`;
  fs.rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    await db.backup(partial, { progress: () => 1_000_000 });
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw new BackupError(`backup of ${source} failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    db.close();
  }
  const copy = new Database(partial);
  const files: string[] = [];
  try {
    copy.pragma('journal_mode = DELETE');
    copy.exec(`CREATE TABLE ${FILES_TABLE} (name TEXT PRIMARY KEY, mode INTEGER NOT NULL, content BLOB NOT NULL)`);
    const put = copy.prepare(`INSERT INTO ${FILES_TABLE} (name, mode, content) VALUES (?, ?, ?)`);
    for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
      if (!entry.isFile() || storeFiles(entry.name) || entry.name.startsWith('.')) continue;
      const full = path.join(dataDir, entry.name);
      const stat = fs.statSync(full);
      if (stat.size > MAX_EXTRA_FILE_BYTES) continue;
      put.run(entry.name, stat.mode & 0o777, fs.readFileSync(full));
      files.push(entry.name);
    }
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the backup copy failed its integrity check: ${String(check)}`);
    const tables = countRows(copy);
    delete tables[FILES_TABLE];
    copy.close();
    fs.chmodSync(partial, 0o600); // it holds password hashes and the signing key
    fs.renameSync(partial, out);
    return { file: out, bytes: fs.statSync(out).size, tables, files };
  } catch (err) {
    if (copy.open) copy.close();
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

export interface RestoreResult {
  store: string;
  tables: Record<string, number>;
  files: string[];
  /** Where an existing store was moved aside (with --force). */
  movedAside?: string;
}

/**
 * Restore a backup into DATA_DIR. Refuses to overwrite an existing store unless `force`, and
 * then moves it aside rather than deleting it. Migrations run when the collector next starts,
 * so a backup from an older version restores into a newer one.
 */
export function restoreSqlite(backupFile: string, dataDir: string, opts: { force?: boolean } = {}): RestoreResult {
  const src = path.resolve(backupFile);
  if (!fs.existsSync(src)) throw new BackupError(`no backup file at ${src}`);
  const head = Buffer.alloc(16);
  const fd = fs.openSync(src, 'r');
  fs.readSync(fd, head, 0, 16, 0);
  fs.closeSync(fd);
  if (head.toString('latin1') !== 'SQLite format 3\0') throw new BackupError(`${src} is not a SQLite backup made by "backup"`);
  fs.mkdirSync(dataDir, { recursive: true });
  const dest = path.join(dataDir, STORE_FILE);
  const staging = `${dest}.restoring`;
  fs.copyFileSync(src, staging);
  let tables: Record<string, number>;
  let files: { name: string; mode: number; content: Buffer }[] = [];
  try {
    const db = new Database(staging);
    try {
      const check = db.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`${src} is damaged: ${String(check)}`);
      const has = (t: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t);
      if (!has('schema_migrations') || !has('events')) throw new BackupError(`${src} is a SQLite file but not a collector backup (no schema_migrations/events tables)`);
      if (has(FILES_TABLE)) {
        files = db.prepare(`SELECT name, mode, content FROM ${FILES_TABLE}`).all() as typeof files;
        db.exec(`DROP TABLE ${FILES_TABLE}`);
      }
      tables = countRows(db);
    } finally {
      db.close();
    }
  } catch (err) {
    fs.rmSync(staging, { force: true });
    throw err;
  }
  const clash = fs.existsSync(dest) || files.some((f) => fs.existsSync(path.join(dataDir, f.name)));
  let movedAside: string | undefined;
  if (clash) {
    if (!opts.force) {
      fs.rmSync(staging, { force: true });
      throw new BackupError(`${dataDir} already has a store or key; stop the collector and use --force to restore over it (the current files are moved aside, not deleted)`);
    }
    movedAside = path.join(dataDir, `before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.mkdirSync(movedAside);
    for (const name of fs.readdirSync(dataDir)) {
      if (storeFiles(name) && name !== path.basename(staging)) fs.renameSync(path.join(dataDir, name), path.join(movedAside, name));
    }
    for (const f of files) if (fs.existsSync(path.join(dataDir, f.name))) fs.renameSync(path.join(dataDir, f.name), path.join(movedAside, f.name));
  }
  for (const f of files) {
    if (f.name.includes('/') || f.name.includes('\\') || f.name.startsWith('.')) continue; // only plain names from DATA_DIR
    fs.writeFileSync(path.join(dataDir, f.name), f.content, { mode: f.mode & 0o777 });
  }
  fs.renameSync(staging, dest);
  fs.chmodSync(dest, 0o600);
  return { store: dest, tables, files: files.map((f) => f.name), ...(movedAside ? { movedAside } : {}) };
}
