import { describe, expect, it } from 'vitest';
import { memoryArea } from '../platform/storage';
import { RECHECK_MS, UpdateCheck } from './update-check';

function setup(installed = '0.1.0', answer: () => Promise<string> = async () => 'update_available') {
  let t = Date.parse('2026-12-07T09:00:00Z');
  const calls: number[] = [];
  const area = memoryArea();
  const make = () =>
    new UpdateCheck({
      installed,
      area,
      now: () => t,
      request: () => {
        calls.push(t);
        return answer();
      },
    });
  return { check: make(), restarted: make, calls, area, advance: (ms: number) => (t += ms) };
}

describe('update check on the collector announcing a version', () => {
  it('asks the browser only for a version newer than the installed one', async () => {
    const s = setup('0.2.0');
    expect(await s.check.announced(undefined)).toBeNull();
    expect(await s.check.announced('0.2.0')).toBeNull();
    expect(await s.check.announced('0.1.9')).toBeNull();
    expect(await s.check.announced('0.2')).toBeNull(); // "0.2" is 0.2.0
    expect(s.calls).toHaveLength(0);
    expect(await s.check.announced('0.10.0')).toMatchObject({ version: '0.10.0', status: 'update_available' }); // numeric, not text, order
    expect(s.calls).toHaveLength(1);
  });

  it('asks once per announced version per half hour, across worker restarts, and again for a newer one', async () => {
    const s = setup();
    await s.check.announced('0.1.1');
    await s.check.announced('0.1.1');
    expect(s.calls).toHaveLength(1);
    // The worker stopped and started again (a reconnect announces again): the record is in storage.
    await s.restarted().announced('0.1.1');
    expect(s.calls).toHaveLength(1);
    expect(await s.check.announced('0.1.2')).toMatchObject({ version: '0.1.2' });
    expect(s.calls).toHaveLength(2);
    s.advance(RECHECK_MS - 1);
    await s.check.announced('0.1.2');
    expect(s.calls).toHaveLength(2);
    s.advance(1);
    await s.check.announced('0.1.2');
    expect(s.calls).toHaveLength(3);
  });

  it('announcements arriving together (hello and a policy push) ask once', async () => {
    const s = setup();
    const results = await Promise.all([s.check.announced('0.1.1'), s.check.announced('0.1.1'), s.check.announced('0.1.1')]);
    expect(s.calls).toHaveLength(1);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('records what the browser said, a failure included, and keeps working after one', async () => {
    let fail = true;
    const s = setup('0.1.0', async () => {
      if (fail) throw new Error('update URL unreachable');
      return 'no_update';
    });
    expect(await s.check.announced('0.1.1')).toMatchObject({ status: 'failed: update URL unreachable' });
    expect(await s.check.last()).toMatchObject({ version: '0.1.1', status: 'failed: update URL unreachable', at: '2026-12-07T09:00:00.000Z' });
    fail = false;
    s.advance(RECHECK_MS);
    expect(await s.check.announced('0.1.1')).toMatchObject({ status: 'no_update' });
  });
});
