import { loadConfig } from '../config';
import { createLogger } from '../log';
import { createMailer } from '../email/mailer';
import { monthPeriod, reportTimeZone, termPeriod } from '../reports/periods';
import { sendMonthlyReport } from '../reports/monthly-report';
import { buildReport, reportMailText } from '../reports/school-report';
import { openStore } from '../store/open-store';
import { PolicyService } from '../policy/policy-service';
import { parseFlags } from '../../shared/cli/flags';
import type { CliCommand } from './commands';

const USAGE = `Usage: npm run -s cli -- report monthly [--month YYYY-MM] [--print]
       npm run -s cli -- report governors [--term YYYY-autumn|YYYY-spring|YYYY-summer]
  monthly    build last month's report (or --month) and e-mail it to ESAFETY_COORDINATOR_EMAIL
             over SMTP_URL; --print shows it here instead of sending
  governors  print the termly governors' report (counts and trends, no names)
`;

/** `report monthly|governors`: the reports from the command line (seed 001), e.g. from cron. */
export const reportCommand: CliCommand = {
  name: 'report',
  usage: 'report monthly|governors [options]',
  summary: 'build the monthly report (e-mailed to the e-safety coordinator) or the governors\' report',
  async run(args) {
    const { flags: opts, rest } = parseFlags(args);
    const kind = rest[0];
    if (opts.help || (kind !== 'monthly' && kind !== 'governors') || rest.length !== 1) {
      (opts.help ? process.stdout : process.stderr).write(USAGE);
      return opts.help ? 0 : 2;
    }
    const config = loadConfig();
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    const store = await openStore(config);
    const mailer = createMailer(config, log);
    const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
    const policy = new PolicyService(store, log);
    const schoolHoursOf = (id: string) => policy.schoolHours(id);
    try {
      const schools = await store.listSchools();
      if (!schools.length) {
        process.stderr.write('No school yet: start the collector once (npm start) to create it.\n');
        return 1;
      }
      for (const school of schools) {
        if (kind === 'monthly' && !opts.print) {
          const r = await sendMonthlyReport(
            { store, dash: store, mailer, coordinator: config.ESAFETY_COORDINATOR_EMAIL, publicUrl, schoolHoursOf },
            school.id,
            typeof opts.month === 'string' ? opts.month : undefined,
          );
          process.stdout.write(`Sent the ${r.period.label} report for ${r.school} to ${config.ESAFETY_COORDINATOR_EMAIL} (${r.aggregates.total} alerts).\n`);
        } else {
          const key = typeof opts.month === 'string' ? opts.month : typeof opts.term === 'string' ? opts.term : undefined;
          const hours = await schoolHoursOf(school.id);
          const zone = reportTimeZone(hours);
          const period = kind === 'monthly' ? monthPeriod(key, new Date(), zone) : termPeriod(key, new Date(), zone);
          const r = await buildReport(store, store, school.id, kind, period, hours);
          process.stdout.write(reportMailText(r, `${publicUrl}/#/reports/${kind}?period=${period.key}`) + '\n');
        }
      }
      return 0;
    } catch (err) {
      process.stderr.write(`Report failed: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    } finally {
      mailer.close();
      await store.close();
    }
  },
};
