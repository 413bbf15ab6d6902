import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPgSchema, pgUnavailableReason } from '../../test/support/pg';
import { openPgStore } from './pg';
import { openSqliteStore } from './sqlite';
import { storeContract } from './store-contract';

storeContract('sqlite (file)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-contract-'));
  const store = openSqliteStore(path.join(dir, 'collector.sqlite'));
  return {
    store,
    async cleanup() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

const pgReason = await pgUnavailableReason();
if (!pgReason) {
  storeContract('postgres (own schema)', async () => {
    const schema = await createPgSchema();
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
