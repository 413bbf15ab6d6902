import { CATEGORY_LABELS, type Category } from '../../shared/protocol/categories';
import type { Store } from '../store/types';
import type { AlertAggregates, DashboardStore } from '../store/dashboard-types';
import type { SchoolHours } from '../../shared/policy/school-hours';
import { isLongSilent, LONG_SILENCE_LABEL } from './device-silence';
import { type Period, previousPeriod } from './periods';

export type ReportKind = 'monthly' | 'governors';

/**
 * A report for the e-safety coordinator (monthly, seed 001) or governors (termly). Counts and
 * trends only: nothing here names or identifies a pupil, so it can be e-mailed and printed.
 */
export interface SchoolReport {
  kind: ReportKind;
  school: string;
  period: Period;
  generatedAt: string;
  aggregates: AlertAggregates;
  previousTotal: number;
  /** `longSilent`: devices that missed a school week or more (device-silence.ts). */
  devices: { total: number; neverReported: number; longSilent: number; tamperAlerts: number };
  policyChanges: number;
  stillNew: number;
  pupilsWithRepeatAlerts: number;
}

/** `hours`: the school's hours from its policy (only school time counts towards a device's silence). */
export async function buildReport(store: Store, dash: DashboardStore, schoolId: string, kind: ReportKind, period: Period, hours: SchoolHours | null, now = new Date()): Promise<SchoolReport> {
  const [agg, prev, devices, history, repeats, schools] = await Promise.all([
    dash.aggregateAlerts(schoolId, period.since, period.until, period.timeZone),
    dash.aggregateAlerts(schoolId, previousPeriod(period).since, period.since, period.timeZone),
    store.listDevices(schoolId),
    dash.listPolicyHistory(schoolId, 1000),
    dash.repeatPupils(schoolId, period.since, period.until, 3),
    store.listSchools(),
  ]);
  const live = devices.filter((d) => !d.revokedAt);
  // Governors get counts and trends by category, year group and severity; not the typed terms.
  const aggregates = kind === 'governors' ? { ...agg, topTerms: [] } : agg;
  return {
    kind,
    school: schools.find((s) => s.id === schoolId)?.name ?? schoolId,
    period,
    generatedAt: now.toISOString(),
    aggregates,
    previousTotal: prev.total,
    devices: {
      total: live.length,
      neverReported: live.filter((d) => !d.lastSeenAt).length,
      longSilent: live.filter((d) => isLongSilent(d.lastSeenAt, now.getTime(), hours)).length,
      tamperAlerts: agg.byKind.find((k) => k.key === 'tamper')?.count ?? 0,
    },
    policyChanges: history.filter((h) => h.createdAt >= period.since && h.createdAt < period.until).length,
    stillNew: agg.byStatus.find((s) => s.key === 'new')?.count ?? 0,
    pupilsWithRepeatAlerts: repeats.length,
  };
}

export const categoryLabel = (key: string): string => (key in CATEGORY_LABELS ? CATEGORY_LABELS[key as Category] : key.replace(/_/g, ' '));

/** The plain-text e-mail of a report: figures and a link, no pupil names or typed text. */
export function reportMailText(r: SchoolReport, link: string): string {
  const a = r.aggregates;
  const change = a.total - r.previousTotal;
  const lines = [
    `${r.kind === 'monthly' ? 'Monthly e-safety report' : "Governors' e-safety report"} for ${r.school}: ${r.period.label}`,
    '',
    `Alerts: ${a.total} (${change === 0 ? 'same as' : change > 0 ? `${change} more than` : `${-change} fewer than`} the period before)`,
    `Still awaiting review: ${r.stillNew}`,
    `Pupils with 3 or more alerts: ${r.pupilsWithRepeatAlerts}`,
    '',
    'By category:',
    ...a.byCategory.map((c) => `  ${categoryLabel(c.key)}: ${c.count}`),
    '',
    'By severity:',
    ...a.bySeverity.map((c) => `  Severity ${c.key}: ${c.count}`),
    '',
    'By year group:',
    ...a.byYearGroup.map((c) => `  ${c.key}: ${c.count}`),
    '',
    `Devices: ${r.devices.total} enrolled, ${r.devices.neverReported} never reported, ${r.devices.longSilent} ${LONG_SILENCE_LABEL}, ${r.devices.tamperAlerts} tamper alerts`,
    `Policy changes in the period: ${r.policyChanges}`,
    '',
    `Full report with charts (sign-in required): ${link}`,
  ];
  return lines.join('\n') + '\n';
}
