import type { StaffRole } from '../store/types';

/**
 * What each staff role may do. DfE standards: the DSL takes lead responsibility for filtering
 * and monitoring; IT manages the system; governors see aggregates only (no pupil names).
 */
export type Permission =
  | 'alerts:read'
  | 'alerts:triage'
  | 'alerts:export'
  | 'devices:read'
  | 'devices:manage'
  | 'devices:command'
  | 'policy:read'
  | 'policy:write'
  | 'reports:read'
  | 'audit:read'
  | 'staff:manage'
  | 'roster:manage'
  | 'trends:pupils';

const PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  dsl: [
    'alerts:read',
    'alerts:triage',
    'alerts:export',
    'devices:read',
    'devices:command',
    'policy:read',
    'policy:write',
    'reports:read',
    'audit:read',
    'staff:manage',
    'roster:manage',
    'trends:pupils',
  ],
  it: ['devices:read', 'devices:manage', 'devices:command', 'policy:read', 'policy:write', 'reports:read', 'roster:manage'],
  teacher: ['devices:read', 'devices:command'],
  governor: ['reports:read'],
};

export const can = (role: StaffRole, permission: Permission): boolean => PERMISSIONS[role].includes(permission);
