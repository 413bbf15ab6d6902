import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/defaults';
import { policyDiff } from './policy-diff';

describe('policy change log diff', () => {
  it('names added and removed list items and changed values, and ignores the version number', () => {
    const a = { ...defaultPolicy({ id: 's', name: 'S' }), version: 1 };
    const b = structuredClone(a);
    b.version = 2;
    b.keywords.allowPhrases.push('kill time');
    b.keywords.emailMinSeverity = 3;
    b.groups.pupil!.search.engine = 'kidrex';
    b.suspensions.push({ user: 'ava', until: '2026-12-01T00:00:00.000Z', reason: 'misuse' });
    expect(policyDiff(a, b).sort()).toEqual(
      [
        'groups.pupil.search.engine: "kiddle" → "kidrex"',
        'keywords.allowPhrases: added "kill time"',
        'keywords.emailMinSeverity: 4 → 3',
        'suspensions: added {"user":"ava","until":"2026-12-01T00:00:00.000Z","reason":"misuse"}',
      ].sort(),
    );
    expect(policyDiff(a, { ...a, version: 9 })).toEqual([]);
  });
});
