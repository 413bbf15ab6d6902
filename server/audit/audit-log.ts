import type { StaffSession } from '../staff/sessions';
import type { DashboardStore } from '../store/dashboard-types';

/**
 * Every view and export of pupil data is written here before the data is returned, so the
 * DSL can see who looked at what (KCSIE; UK GDPR accountability). If the write fails the
 * request fails: no unlogged access.
 */
export async function auditAccess(store: DashboardStore, session: StaffSession, action: string, target: string, detail = ''): Promise<void> {
  const { staff } = session;
  await store.addAudit({ schoolId: staff.schoolId, staffId: staff.id, staffName: staff.name, role: staff.role, action, target, detail: detail.slice(0, 1000) });
}
