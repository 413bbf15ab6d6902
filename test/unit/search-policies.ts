import { defaultPolicy } from '../../shared/policy/defaults';
import { resolvePolicy, type EffectivePolicy } from '../../shared/policy/resolve';
import type { PolicyDocument } from '../../shared/policy/schema';
import { SCHOOL_HOSTS } from '../fixtures/search/cases';

/** Policies the search tests run under: the fixtures' school, with a chosen engine or role. */
export function schoolPolicy(opts: { engine?: string; role?: 'pupil' | 'staff'; custom?: boolean } = {}): EffectivePolicy {
  const doc: PolicyDocument = defaultPolicy({ id: 'pendragon', name: 'Pendragon Primary' });
  doc.search.schoolHosts = SCHOOL_HOSTS.slice();
  if (opts.custom) {
    doc.search.customEngines = [
      { id: 'school-search', name: 'Pendragon Search', web: 'https://search.pendragon-trust.example/find?terms={q}&safe=1', images: 'https://search.pendragon-trust.example/pictures/{q}' },
    ];
  }
  if (opts.engine) doc.groups.pupil!.search.engine = opts.engine;
  return resolvePolicy(doc, { role: opts.role ?? 'pupil' });
}
