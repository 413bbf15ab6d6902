import type { Collector } from '../collector';
import { startAlertMail } from '../email/alert-mail';
import { createMailer } from '../email/mailer';
import { startMonthlyJob } from '../reports/monthly-report';
import { dashboardAdminRoutes } from './dashboard-admin';
import { dashboardAlertRoutes } from './dashboard-alerts';
import type { Dashboard } from './dashboard-context';
import { dashboardExportRoutes } from './dashboard-export';
import { dashboardReportRoutes } from './dashboard-reports';
import { dashboardStatic, findDashboardDir } from './dashboard-static';

/**
 * Adds the DSL dashboard to a collector: its API, the built SPA, high-severity alert e-mail and
 * the monthly report job. Returns a function that stops the background work.
 */
export function mountDashboard(c: Collector): () => void {
  const store = c.store;
  const mailer = createMailer(c.config, c.log);
  const publicUrl = () => (c.config.PUBLIC_URL ?? `http://localhost:${c.config.PORT}`).replace(/\/$/, '');
  const d: Dashboard = { c, store, mailer, publicUrl };
  c.app.route('/', dashboardAlertRoutes(d) as never);
  c.app.route('/', dashboardExportRoutes(d) as never);
  c.app.route('/', dashboardReportRoutes(d) as never);
  c.app.route('/', dashboardAdminRoutes(d) as never);
  const dir = findDashboardDir(c.config.DASHBOARD_DIR);
  if (!dir) c.log.warn('dashboard not built: serving the bare page; run "npm run build" for the full dashboard');
  c.app.route('/', dashboardStatic(dir));
  if (!mailer.enabled) c.log.warn('e-mail is off (no SMTP_URL): high-severity alerts are shown live on the dashboard only');
  const stopMail = startAlertMail({ hub: c.hub, store, policy: c.policy, mailer, log: c.log, linkFor: (id) => `${publicUrl()}/#/alerts/${encodeURIComponent(id)}` });
  const stopMonthly = startMonthlyJob(
    {
      store: c.store,
      dash: store,
      mailer,
      coordinator: c.config.ESAFETY_COORDINATOR_EMAIL,
      publicUrl: publicUrl(),
      schoolHoursOf: (id) => c.policy.schoolHours(id),
    },
    c.log,
  );
  return () => {
    stopMail();
    stopMonthly();
    mailer.close();
  };
}
