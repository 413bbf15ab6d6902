import { defaultPolicy } from '../shared/policy/defaults';
import type { CollectorConfig } from './config';
import { hashPassword, hashToken, newId, newSecret } from './security/secrets';
import type { Store } from './store/types';

export interface FirstRun {
  schoolId: string;
  adminEmail: string;
  adminPassword: string;
  enrolmentToken: string;
}

/**
 * On first start (no staff at all): create the school, its first policy, a DSL account and an
 * enrolment token, and return the credentials so they can be printed once. Only hashes are stored.
 */
export async function bootstrap(store: Store, config: CollectorConfig): Promise<FirstRun | null> {
  if ((await store.countStaff()) > 0) return null;
  const schoolId = 'school-1';
  await store.ensureSchool(schoolId, config.SCHOOL_NAME);
  if (!(await store.getPolicy(schoolId))) {
    await store.savePolicy({
      schoolId,
      version: 1,
      doc: { ...defaultPolicy({ id: schoolId, name: config.SCHOOL_NAME }), version: 1 },
      createdAt: new Date().toISOString(),
      createdBy: 'system',
      reason: 'Initial safe default policy created on first run',
    });
  }
  const adminPassword = config.INITIAL_ADMIN_PASSWORD ?? newSecret(15);
  await store.createStaff({
    id: `stf_${newId()}`,
    schoolId,
    email: config.INITIAL_ADMIN_EMAIL,
    name: 'Designated Safeguarding Lead',
    role: 'dsl',
    passwordHash: await hashPassword(adminPassword),
  });
  const enrolmentToken = config.INITIAL_ENROLMENT_TOKEN ?? newSecret(24);
  await store.createEnrolmentToken({ id: `tok_${newId()}`, schoolId, tokenHash: hashToken(enrolmentToken), label: 'First enrolment token' });
  return { schoolId, adminEmail: config.INITIAL_ADMIN_EMAIL, adminPassword, enrolmentToken };
}
