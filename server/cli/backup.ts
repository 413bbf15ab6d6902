import { loadConfig } from '../config';
import { BackupError, backupSqlite, restoreSqlite } from '../backup/sqlite-backup';
import { parseFlags } from '../../shared/cli/flags';
import type { CliCommand } from './commands';

const PG_ADVICE = `This collector uses PostgreSQL (DATABASE_URL is set). Back it up with PostgreSQL's own tools:
  pg_dump --format=custom --file=esafety-$(date +%F).dump "$DATABASE_URL"
  restore: pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" esafety-YYYY-MM-DD.dump
and keep a copy of DATA_DIR/extension-signing-key.pem with it (the extension id depends on it).
`;

const fail = (err: unknown): number => {
  if (err instanceof BackupError) {
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  throw err;
};

/**
 * What backup and restore share: `--help`, exactly one FILE, SQLite only (PostgreSQL has its
 * own tools), and BackupError printed plainly with exit 1.
 */
async function onSqliteFile(
  args: string[],
  usage: string,
  act: (file: string, opts: Record<string, string | true>, dataDir: string) => Promise<string> | string,
): Promise<number> {
  const { flags: opts, rest } = parseFlags(args);
  if (opts.help || rest.length !== 1) {
    (opts.help ? process.stdout : process.stderr).write(usage);
    return opts.help ? 0 : 2;
  }
  const config = loadConfig();
  if (config.DATABASE_URL) {
    process.stderr.write(PG_ADVICE);
    return 2;
  }
  try {
    process.stdout.write(await act(rest[0]!, opts, config.dataDir));
    return 0;
  } catch (err) {
    return fail(err);
  }
}

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup FILE',
  summary: 'online, consistent backup of the SQLite store and signing key to FILE (safe while running)',
  run: (args) =>
    onSqliteFile(
      args,
      'Usage: npm run -s cli -- backup FILE\n  Safe while the collector runs. Uses DATA_DIR (or DATABASE_URL: see pg_dump).\n',
      async (file, _opts, dataDir) => {
        const r = await backupSqlite(dataDir, file);
        return (
          `Backed up ${dataDir} to ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB): ` +
          `${r.tables.events ?? 0} events, ${r.tables.alerts ?? 0} alerts, ${r.tables.devices ?? 0} devices; files: ${r.files.join(', ') || 'none'}\n`
        );
      },
    ),
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'restore FILE [--force]',
  summary: 'restore a backup into DATA_DIR (stop the collector first; --force moves the current store aside)',
  run: (args) =>
    onSqliteFile(
      args,
      'Usage: npm run -s cli -- restore FILE [--force]\n  Stop the collector first. Restores into DATA_DIR; migrations run when it next starts.\n',
      (file, opts, dataDir) => {
        const r = restoreSqlite(file, dataDir, { force: opts.force === true });
        return (
          `Restored ${r.store}: ${r.tables.events ?? 0} events, ${r.tables.alerts ?? 0} alerts, ${r.tables.devices ?? 0} devices; files: ${r.files.join(', ') || 'none'}` +
          `${r.movedAside ? `\nThe previous store was moved to ${r.movedAside}` : ''}\nStart the collector: migrations bring the store up to this version.\n`
        );
      },
    ),
};
