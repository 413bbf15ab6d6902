import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyDocument } from '../../shared/policy/schema';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../test/support/collector-process';
import { DeviceClient, enrol } from '../../test/support/device-client';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { StaffClient } from '../../test/support/staff-client';
import { createLogger } from '../log';
import { PolicyService } from './policy-service';

/** Save a version straight into the store, as an older collector (or a hand-edited row) left it. */
async function saveRaw(c: RunningCollector, doc: Record<string, unknown>, reason: string): Promise<number> {
  const schoolId = c.first.schoolId;
  const version = (await c.collector.store.getPolicy(schoolId))!.version + 1;
  await c.collector.store.savePolicy({ schoolId, version, doc: { ...doc, version } as PolicyDocument, createdAt: new Date().toISOString(), createdBy: 'older collector', reason });
  c.collector.policy.invalidate(schoolId);
  return version;
}

describe('a policy stored by an older collector, read over real HTTP and WebSocket', () => {
  let c: RunningCollector;
  let dsl: StaffClient;
  beforeAll(async () => {
    c = await startCollector();
    dsl = await new StaffClient(c.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    // The first run saves version 1 through today's schema; build an older shape from it.
    await dsl.api('PUT', '/api/policy', { policy: await c.collector.policy.current(c.first.schoolId), reason: 'first save' });
  }, 60_000);
  afterAll(() => c.stop());

  it('gets the defaults of every field added since: jobs, dashboard and devices all see them', async () => {
    const today = await c.collector.policy.current(c.first.schoolId);
    // Before suspensions, retention and closed days existed: school hours without `closed`.
    const { suspensions: _s, retentionDays: _r, schoolHours, ...older } = today;
    const { closed: _c, ...hoursWithoutClosed } = schoolHours!;
    const version = await saveRaw(c, { ...older, schoolHours: hoursWithoutClosed }, 'saved before closed days existed');

    const doc = await c.collector.policy.current(c.first.schoolId);
    expect(doc.version).toBe(version);
    expect(doc.schoolHours).toEqual({ ...hoursWithoutClosed, closed: [] });
    expect(doc.retentionDays).toBe(400);
    expect(doc.suspensions).toEqual([]);

    const shown = await dsl.api('GET', '/api/policy');
    expect(shown.policy.version).toBe(version);
    expect(shown.policy.schoolHours.closed).toEqual([]);
    expect(shown.policy.suspensions).toEqual([]);

    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    d.send({ v: 1, type: 'hello', kind: 'extension', version: '1', policyVersion: 0 });
    const pushed = await d.next('policy');
    expect(pushed.policy.version).toBe(version);
    expect(pushed.policy.schoolHours!.closed).toEqual([]);
    expect(PolicyDocument.safeParse(pushed.policy).success).toBe(true);
    d.ws.close();

    // Suspending a pupil builds on the read document: it must not trip over the missing fields.
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const next = await c.collector.policy.suspend(c.first.schoolId, { user: 'pupil@school.invalid', until, reason: 'test' }, 'DSL');
    expect(next.suspensions).toHaveLength(1);
    expect(next.schoolHours!.closed).toEqual([]);
  });

  it('uses a version today\'s schema refuses as stored, and says so in the log', async () => {
    const today = await c.collector.policy.current(c.first.schoolId);
    const version = await saveRaw(c, { ...today, retentionDays: 7 }, 'a limit tightened since');
    const lines: string[] = [];
    const service = new PolicyService(c.collector.store, createLogger('warn', (l) => lines.push(l)));
    const doc = await service.current(c.first.schoolId);
    expect(doc.version).toBe(version);
    expect(doc.retentionDays).toBe(7);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', school: c.first.schoolId, version, problem: expect.stringContaining('retentionDays') });
    // Cached: read once, logged once.
    await service.current(c.first.schoolId);
    expect(lines).toHaveLength(1);
  });
});
