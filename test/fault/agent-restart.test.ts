import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/build-extension';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { waitFor } from '../support/wait';

/**
 * The real agent process (agent/main.ts run) with its policy directory in a temp folder: the
 * collector goes away, someone deletes and then edits the browser policy the agent wrote (both
 * restored and reported as tampering, queued on disk), the agent is SIGKILLed and started
 * again on the same data, the collector returns: each report delivered exactly once.
 */
describe('agent killed and restarted with its disk outbox; policy files deleted and edited', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-agentfault-'));
  const dataDir = path.join(dir, 'data');
  const policyDir = path.join(dir, 'policies', 'managed');
  const collectorDir = path.join(dir, 'collector');
  fs.mkdirSync(collectorDir);
  let collector = new CollectorProcess({ dataDir: collectorDir, env: { LOG_LEVEL: 'error' } });
  let agent: ChildProcess | null = null;
  let agentOut = '';

  const startAgent = async (url: string) => {
    agentOut = '';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'agent', 'main.ts'), 'run', '--collector', url, '--token', TEST_ENROLMENT_TOKEN, '--device-name', 'Y6-PC-03',
        '--data-dir', dataDir, '--socket', path.join(dir, 'agent.sock'), '--config-file', path.join(dir, 'config.json'), '--policy-dir', policyDir, '--no-firefox'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d) => (agentOut += d));
    child.stderr!.on('data', (d) => (agentOut += d));
    agent = child;
    await waitFor('the agent to start', () => agentOut.includes('AGENT_READY'), 30_000);
  };

  const tamperAtCollector = (): { kind: string; id: string; n: number }[] => {
    const db = new Database(path.join(collectorDir, 'collector.sqlite'), { readonly: true });
    try {
      return db
        .prepare("SELECT json_extract(payload, '$.kind') AS kind, client_id AS id, count(*) AS n FROM events WHERE type = 'tamper' GROUP BY client_id")
        .all() as { kind: string; id: string; n: number }[];
    } finally {
      db.close();
    }
  };

  afterAll(async () => {
    agent?.kill('SIGKILL');
    await collector.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores and reports tampering offline, survives SIGKILL, delivers each report once', async () => {
    await collector.start();
    const port = collector.port;
    await startAgent(collector.url);
    await collector.signIn();
    await waitFor('the agent to enrol', async () => (await collector.api<{ devices: { kind: string }[] }>('GET', '/api/devices')).devices.some((d) => d.kind === 'agent'), 30_000);
    await waitFor('the agent to write browser policy', () => fs.existsSync(policyDir) && fs.readdirSync(policyDir).some((f) => f.endsWith('.json')), 30_000);
    const file = path.join(policyDir, fs.readdirSync(policyDir).find((f) => f.endsWith('.json'))!);
    const original = fs.readFileSync(file, 'utf8');

    // The collector goes away; the agent must queue what it sees.
    await collector.stop('SIGKILL');
    fs.rmSync(file);
    await waitFor('the deleted policy to be restored', () => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === original, 40_000, 250);
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(original), URLBlocklist: [], IncognitoModeAvailability: 0 }));
    await waitFor('the edited policy to be restored', () => fs.readFileSync(file, 'utf8') === original, 40_000, 250);
    // Queued on disk (fsynced journal), not delivered.
    const journal = fs.readFileSync(path.join(dataDir, 'outbox.jsonl'), 'utf8');
    const queued = journal.split('\n').filter((l) => l.includes('"type":"tamper"'));
    expect(queued.some((l) => l.includes('policy_deleted'))).toBe(true);
    expect(queued.some((l) => l.includes('policy_edited'))).toBe(true);
    const queuedIds = [...new Set(queued.map((l) => (JSON.parse(l) as { p: { id: string } }).p.id))];

    // SIGKILL: no chance to flush or tidy up.
    const dead = agent!;
    await new Promise((r) => (dead.once('exit', r), dead.kill('SIGKILL')));
    collector = new CollectorProcess({ dataDir: collectorDir, port, env: { LOG_LEVEL: 'error' } });
    await collector.start();
    await startAgent(collector.url);
    await waitFor('the queued tamper reports at the collector', () => {
      const got = tamperAtCollector();
      return queuedIds.every((id) => got.some((g) => g.id === id));
    }, 60_000, 500);
    const got = tamperAtCollector();
    expect(got.every((g) => g.n === 1)).toBe(true);
    expect(got.filter((g) => g.kind === 'policy_deleted').length).toBeGreaterThanOrEqual(1);
    expect(got.filter((g) => g.kind === 'policy_edited').length).toBeGreaterThanOrEqual(1);
    // The staff see them as alerts.
    await collector.signIn();
    const { alerts } = await collector.api<{ alerts: { category: string; context?: string }[] }>('GET', '/api/alerts?limit=50');
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    process.stdout.write(`AGENT_FAULT ${JSON.stringify({ queuedWhileOffline: queuedIds.length, storedOnce: got.filter((g) => queuedIds.includes(g.id)).length, policyRestored: true })}\n`);
  });
});
