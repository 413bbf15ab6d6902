import type { Logger } from '../log';
import type { Mailer } from '../email/mailer';
import type { DashboardStore } from '../store/dashboard-types';
import type { Store } from '../store/types';
import type { SchoolHours } from '../../shared/policy/school-hours';
import { monthPeriod, reportTimeZone } from './periods';
import { buildReport, reportMailText, type SchoolReport } from './school-report';

export interface MonthlyDeps {
  store: Store;
  dash: DashboardStore;
  mailer: Mailer;
  coordinator: string | undefined;
  publicUrl: string;
  /** The school's hours (its policy's): months start at midnight in their time zone, and only school time counts towards a device's silence. */
  schoolHoursOf: (schoolId: string) => Promise<SchoolHours | null>;
}

/** Build the monthly report for one school and e-mail it to the e-safety coordinator (seed 001). */
export async function sendMonthlyReport(deps: MonthlyDeps, schoolId: string, month?: string, now = new Date()): Promise<SchoolReport> {
  if (!deps.coordinator) throw new Error('no e-safety coordinator e-mail: set ESAFETY_COORDINATOR_EMAIL in the collector configuration');
  const hours = await deps.schoolHoursOf(schoolId);
  const period = monthPeriod(month, now, reportTimeZone(hours));
  const report = await buildReport(deps.store, deps.dash, schoolId, 'monthly', period, hours, now);
  await deps.mailer.send({
    to: [deps.coordinator],
    subject: `E-safety monthly report: ${report.school}, ${period.label}`,
    text: reportMailText(report, `${deps.publicUrl}/#/reports/monthly?period=${period.key}`),
  });
  return report;
}

/**
 * Sends last month's report once, early in each new month. Checks hourly; the run is claimed
 * in the database first, so a restart or a second collector instance does not send it twice.
 */
export function startMonthlyJob(deps: MonthlyDeps, log: Logger, timing = { firstMs: 30_000, everyMs: 60 * 60 * 1000 }): () => void {
  if (!deps.coordinator || !deps.mailer.enabled) {
    log.warn('monthly e-safety report e-mail is off: set SMTP_URL and ESAFETY_COORDINATOR_EMAIL to turn it on');
    return () => {};
  }
  const tick = async () => {
    for (const school of await deps.store.listSchools()) {
      const period = monthPeriod(undefined, new Date(), reportTimeZone(await deps.schoolHoursOf(school.id)));
      if (!(await deps.dash.claimReportRun(school.id, 'monthly', period.key))) continue;
      try {
        await sendMonthlyReport(deps, school.id, period.key);
        log.info('monthly report sent', { school: school.id, period: period.key });
      } catch (err) {
        await deps.dash.releaseReportRun(school.id, 'monthly', period.key);
        log.error('monthly report failed; will retry next hour', { school: school.id, err: String(err) });
      }
    }
  };
  const run = () => void tick().catch((err) => log.error('monthly report job failed', { err: String(err) }));
  const first = setTimeout(run, timing.firstMs);
  const timer = setInterval(run, timing.everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
