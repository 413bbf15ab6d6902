import type { AlertAggregates, AlertNoteRow, AuditRow, DashboardAlert, RepeatPupil, RosterRow } from '../../store/dashboard-types';
import type { SchoolReport } from '../../reports/school-report';
import type { IncidentRecord } from '../../export/incident-record';

export type { AlertAggregates, AlertNoteRow, AuditRow, DashboardAlert, RepeatPupil, RosterRow, SchoolReport, IncidentRecord };
export type Role = 'dsl' | 'it' | 'teacher' | 'governor';
export interface Me {
  name: string;
  email: string;
  role: Role;
  schoolId: string;
}
