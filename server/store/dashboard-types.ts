import type { PolicyVersionRow, AlertRow, AlertStatus, StaffRole, StaffRow } from './types';

/** One triage step on an alert: who moved it from what to what, and why. */
export interface AlertNoteRow {
  id: number;
  alertId: string;
  schoolId: string;
  staffId: string;
  staffName: string;
  fromStatus: AlertStatus;
  toStatus: AlertStatus;
  note: string;
  at: string;
}

/** Who looked at or exported pupil data, and when (KCSIE: records of concerns are kept). */
export interface AuditRow {
  id: number;
  schoolId: string;
  staffId: string;
  staffName: string;
  role: StaffRole;
  action: string;
  target: string;
  detail: string;
  at: string;
}
export type NewAudit = Omit<AuditRow, 'id' | 'at'>;

/** A pupil on the school roster: maps the device user name to a class and year group. */
export interface RosterRow {
  schoolId: string;
  user: string;
  name: string;
  className: string;
  yearGroup: string;
}

export interface DashboardAlertFilter {
  schoolId: string;
  status?: AlertStatus[] | undefined;
  minSeverity?: number | undefined;
  category?: string | undefined;
  kind?: string | undefined;
  deviceId?: string | undefined;
  user?: string | undefined;
  yearGroup?: string | undefined;
  className?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  ids?: string[] | undefined;
  limit?: number | undefined;
}

/** An alert as staff see it: with the pupil's roster entry (name, class, year) where known. */
export interface DashboardAlert extends AlertRow {
  pupilName: string | null;
  className: string | null;
  yearGroup: string | null;
}

export interface CountBy {
  key: string;
  count: number;
}

/** Aggregates only: nothing in here names or identifies a pupil (governors see this). */
export interface AlertAggregates {
  total: number;
  bySeverity: CountBy[];
  byCategory: CountBy[];
  byKind: CountBy[];
  byYearGroup: CountBy[];
  byStatus: CountBy[];
  /** Per day (YYYY-MM-DD) and category. */
  byDay: { day: string; category: string; count: number }[];
  topTerms: CountBy[];
}

export interface RepeatPupil {
  user: string;
  pupilName: string | null;
  yearGroup: string | null;
  count: number;
  maxSeverity: number;
}

/**
 * What the dashboard needs from storage beyond the collector's Store: triage history, the
 * audit log, the roster, report aggregates and the policy change log with documents.
 * Implemented for SQLite and PostgreSQL and run through one contract suite.
 */
export interface DashboardStore {
  listDashboardAlerts(filter: DashboardAlertFilter): Promise<DashboardAlert[]>;
  getDashboardAlert(schoolId: string, id: string): Promise<DashboardAlert | null>;
  getAlertScreenshot(schoolId: string, id: string): Promise<string | null>;
  /** Change status and record the note in one transaction; null if no such alert. */
  setAlertStatus(
    schoolId: string,
    id: string,
    change: { staffId: string; staffName: string; status: AlertStatus; note: string },
  ): Promise<AlertNoteRow | null>;
  listAlertNotes(schoolId: string, alertId: string): Promise<AlertNoteRow[]>;

  addAudit(a: NewAudit): Promise<void>;
  listAudit(schoolId: string, limit?: number): Promise<AuditRow[]>;

  /** Replace the school's roster with these rows (an import is the whole current roster). */
  replaceRoster(schoolId: string, rows: Omit<RosterRow, 'schoolId'>[]): Promise<number>;
  listRoster(schoolId: string): Promise<RosterRow[]>;

  /** Counts over [since, until); days are calendar days in `timeZone` (the school's). */
  aggregateAlerts(schoolId: string, since: string, until: string, timeZone: string): Promise<AlertAggregates>;
  repeatPupils(schoolId: string, since: string, until: string, minCount: number): Promise<RepeatPupil[]>;
  /** Tamper alerts per device in the period. */
  tamperCounts(schoolId: string, since: string): Promise<CountBy[]>;

  listStaff(schoolId: string): Promise<Omit<StaffRow, 'passwordHash'>[]>;
  updateStaffRole(schoolId: string, id: string, role: StaffRole): Promise<boolean>;
  deleteStaff(schoolId: string, id: string): Promise<boolean>;

  /** Record that a scheduled report for this period is being sent; false if already claimed. */
  claimReportRun(schoolId: string, kind: string, periodKey: string): Promise<boolean>;
  releaseReportRun(schoolId: string, kind: string, periodKey: string): Promise<void>;

  /** Policy versions with their documents, newest first (the change log shows what changed). */
  listPolicyHistory(schoolId: string, limit: number): Promise<PolicyVersionRow[]>;
}
