import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/defaults';
import { fakeDynamicRules } from '../platform/dnr';
import { memoryArea } from '../platform/storage';
import { applySuspension, SUSPENSION_PRIORITY, SUSPENSION_RULE_ID_MAX, SUSPENSION_RULE_ID_MIN } from './suspension';

const memo = () => memoryArea();

describe('per-user suspension rules', () => {
  const until = '2030-01-01T09:00:00.000Z';
  const doc = { ...defaultPolicy(), suspensions: [{ user: 'Pupil7@School.example', until, reason: 'r' }] };

  it('blocks everything for the suspended user above board allow rules, except the collector, and removes it after', async () => {
    const api = fakeDynamicRules();
    api.rules.push({ id: 10_000, priority: 250, action: { type: 'allowAllRequests' }, condition: { requestDomains: ['viewpure.com'] } });
    const m = memo();
    const on = await applySuspension(api, m, doc, 'pupil7@school.example', 'https://collector.school.example/', new Date('2029-12-31T00:00:00Z'));
    expect(on.until).toBe(Date.parse(until));
    const mine = api.rules.filter((r) => r.id >= SUSPENSION_RULE_ID_MIN && r.id <= SUSPENSION_RULE_ID_MAX);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const r of mine) {
      expect(r.priority).toBe(SUSPENSION_PRIORITY);
      expect(r.priority).toBeGreaterThan(250);
      expect(r.condition.excludedRequestDomains).toEqual(['collector.school.example']);
    }
    expect(mine[0]!.action.redirect?.extensionPath).toBe('/pages/block.html?reason=suspended');
    expect(api.rules.some((r) => r.id === 10_000)).toBe(true);

    const updates = api.updates;
    await applySuspension(api, m, doc, 'pupil7@school.example', 'https://collector.school.example/', new Date('2029-12-31T00:00:01Z'));
    expect(api.updates).toBe(updates);

    const off = await applySuspension(api, m, doc, 'pupil7@school.example', 'https://collector.school.example/', new Date('2030-01-01T09:00:01Z'));
    expect(off.until).toBeNull();
    expect(api.rules.filter((r) => r.id >= SUSPENSION_RULE_ID_MIN)).toEqual([]);
    expect(api.rules.some((r) => r.id === 10_000)).toBe(true);
  });

  it('does nothing for another user or with no user', async () => {
    const api = fakeDynamicRules();
    expect((await applySuspension(api, memo(), doc, 'someone@school.example', undefined)).until).toBeNull();
    expect((await applySuspension(api, memo(), doc, undefined, undefined)).until).toBeNull();
    expect(api.rules).toEqual([]);
  });
});
