import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol/messages';
import { CollectorProcess } from '../support/collector-process';
import { IngestLoad } from './deploy-load';

describe('graceful shutdown (systemd stop / service stop)', () => {
  it('SIGTERM during ingest: every acked event is stored, devices are told "going away", exit 0', async () => {
    const collector = new CollectorProcess();
    await collector.start();
    const load = await new IngestLoad(collector.url, 6, 40).start();
    try {
      await load.waitForAcks(2000);
      const code = await collector.stop('SIGTERM'); // batches are in flight on every socket right now
      expect(code, collector.output).toBe(0);
      await load.stop();
      expect(load.clients.map((c) => c.closeCode)).toEqual(load.clients.map(() => CloseCode.shuttingDown));
      const db = new Database(path.join(collector.dataDir, 'collector.sqlite'), { readonly: true });
      const stored = new Set(db.prepare('SELECT client_id FROM events').pluck().all() as string[]);
      db.close();
      const lost = [...load.acked.keys()].filter((id) => !stored.has(id));
      expect(lost, `${lost.length} of ${load.acked.size} acked events were not stored`).toEqual([]);
      expect(collector.output).not.toMatch(/"level":"error"/);
      console.log(`graceful shutdown: ${load.acked.size} events acked before/during SIGTERM, all ${stored.size >= load.acked.size ? 'stored' : 'NOT stored'}`);
    } finally {
      await load.stop();
      await collector.stop();
      collector.cleanup();
    }
  });
});
