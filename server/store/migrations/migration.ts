/**
 * A numbered SQL migration. Numbers are reserved per owner so parallel work never collides:
 * collector 1-19, dashboard 20-39, deploy 40-49. Append only: never edit a migration that has
 * shipped; add the next number. SQLite and PostgreSQL each have their own numbered SQL.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** All migrations in ascending order; refuses duplicate numbers (gaps are fine). */
export function orderMigrations(...lists: readonly (readonly Migration[])[]): Migration[] {
  const all = lists.flat().slice().sort((a, b) => a.version - b.version);
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.version === all[i - 1]!.version) {
      throw new Error(`two migrations share number ${all[i]!.version}: "${all[i - 1]!.name}" and "${all[i]!.name}"`);
    }
  }
  for (const m of all) if (!Number.isInteger(m.version) || m.version < 1) throw new Error(`bad migration number ${m.version} (${m.name})`);
  return all;
}
