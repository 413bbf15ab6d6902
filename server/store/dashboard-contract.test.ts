import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPgSchema, pgUnavailableReason } from '../../test/support/pg';
import { dashboardContract } from './dashboard-contract';
import { openPgStore } from './pg';
import { openSqliteStore } from './sqlite';

dashboardContract('sqlite (file)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-dash-contract-'));
  const store = openSqliteStore(path.join(dir, 'collector.sqlite'));
  return {
    store,
    async cleanup() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

if (!(await pgUnavailableReason())) {
  dashboardContract('postgres (own schema)', async () => {
    const schema = await createPgSchema('dash');
    const store = openPgStore(schema.url);
    return {
      store,
      async cleanup() {
        await store.close();
        await schema.drop();
      },
    };
  });
}
