import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/defaults';
import { resolvePolicy } from '../../shared/policy/resolve';
import { applySearchRules } from '../background/search-rules';
import { fakeDynamicRules, syncRuleRange } from './dnr';
import { memoryArea } from './storage';

describe('syncRuleRange', () => {
  it('does not call updateDynamicRules when nothing changed', async () => {
    const api = fakeDynamicRules();
    const memo = memoryArea();
    const pupil = resolvePolicy(defaultPolicy(), { role: 'pupil' });
    expect(await applySearchRules(api, memo, pupil)).toBe(true);
    expect(await applySearchRules(api, memo, pupil)).toBe(false);
    expect(api.updates).toBe(1);
  });

  it('replaces only its own range, and clears it when the policy needs no rules', async () => {
    const api = fakeDynamicRules();
    const memo = memoryArea();
    api.rules.push({ id: 50_000, action: { type: 'block' }, condition: { urlFilter: '||other.example' } });
    await applySearchRules(api, memo, resolvePolicy(defaultPolicy(), { role: 'pupil' }));
    expect(api.rules.length).toBeGreaterThan(1);
    const off = resolvePolicy(defaultPolicy(), { role: 'staff' });
    off.search = { ...off.search, mode: 'off', youtubeRestrict: 'off' };
    await applySearchRules(api, memo, off);
    expect(api.rules.map((r) => r.id)).toEqual([50_000]);
  });

  it('refuses a rule outside its range', async () => {
    await expect(
      syncRuleRange(fakeDynamicRules(), memoryArea(), { name: 'x', min: 1, max: 2 }, [{ id: 3, action: { type: 'block' }, condition: {} }]),
    ).rejects.toThrow(/outside/);
  });
});
