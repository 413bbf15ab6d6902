import { format, parseISO, startOfWeek } from 'date-fns';
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api';
import { ChartBox, PALETTE } from '../components/chart-box';
import { CountTable } from '../components/count-table';
import { categoryLabel } from '../components/format';
import { go } from '../router';
import type { Me, SchoolReport } from '../types';

/** Monthly report (e-safety coordinator) and termly governors' report: counts, trends, charts, no names. */
export function ReportPage({ kind, period, me }: { kind: 'monthly' | 'governors'; period: string; me: Me }) {
  const [report, setReport] = useState<SchoolReport | null>(null);
  const [error, setError] = useState('');
  const [sent, setSent] = useState('');
  useEffect(() => {
    setReport(null);
    setError('');
    api.get<{ report: SchoolReport }>(`/api/dashboard/reports/${kind}${qs({ period })}`).then((r) => setReport(r.report), (e: Error) => setError(e.message));
  }, [kind, period]);
  const send = async () => {
    setSent('');
    try {
      const r = await api.post<{ to: string }>('/api/dashboard/reports/monthly/send', { period: report?.period.key });
      setSent(`Sent to ${r.to}.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const title = kind === 'monthly' ? 'Monthly e-safety report' : "Governors' e-safety report";
  const a = report?.aggregates;
  // A month is shown per day; a term per week (weeks start on Monday, as school weeks do).
  const bucket = (day: string) => (kind === 'monthly' ? day : format(startOfWeek(parseISO(day), { weekStartsOn: 1 }), 'yyyy-MM-dd'));
  const series = a ? a.byDay.map((d) => ({ ...d, day: bucket(d.day) })) : [];
  const days = [...new Set(series.map((d) => d.day))];
  const cats = [...new Set(series.map((d) => d.category))];
  return (
    <section class="report">
      <h1>{title}</h1>
      <form class="no-print filters" onSubmit={(e) => (e.preventDefault(), go(`/reports/${kind}?period=${(e.target as HTMLFormElement).period.value}`))}>
        <label>
          {kind === 'monthly' ? 'Month (YYYY-MM)' : 'Term (YYYY-autumn, YYYY-spring, YYYY-summer)'}
          <input name="period" defaultValue={report?.period.key ?? period} pattern={kind === 'monthly' ? '\\d{4}-\\d{2}' : '\\d{4}-(autumn|spring|summer)'} />
        </label>
        <button type="submit">Show</button>
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        {kind === 'monthly' && (me.role === 'dsl' || me.role === 'it') && (
          <button type="button" id="send-monthly" onClick={send} disabled={!report}>
            E-mail to the e-safety coordinator
          </button>
        )}
      </form>
      {sent && <p role="status" class="ok" id="sent">{sent}</p>}
      {error && <p role="alert" class="error">{error}</p>}
      {report && a && (
        <>
          <h2 id="report-period">
            {report.school}: {report.period.label}
          </h2>
          <ul class="figures">
            <li>
              <strong id="total-alerts">{a.total}</strong> alerts ({report.previousTotal} in the period before)
            </li>
            <li>
              <strong>{report.stillNew}</strong> still awaiting review
            </li>
            <li>
              <strong>{report.pupilsWithRepeatAlerts}</strong> {report.pupilsWithRepeatAlerts === 1 ? 'pupil' : 'pupils'} with 3 or more alerts
            </li>
            <li>
              <strong>{report.devices.total}</strong> {report.devices.total === 1 ? 'device' : 'devices'}: {report.devices.neverReported} never reported, {report.devices.longSilent} silent for a
              school week, {report.devices.tamperAlerts} tamper {report.devices.tamperAlerts === 1 ? 'alert' : 'alerts'}
            </li>
            <li>
              <strong>{report.policyChanges}</strong> policy {report.policyChanges === 1 ? 'change' : 'changes'}
            </li>
          </ul>
          <div class="charts">
            <div>
              <h3>By category</h3>
              <ChartBox
                id="chart-category"
                label="Alerts by category"
                config={{
                  type: 'bar',
                  data: { labels: a.byCategory.map((c) => categoryLabel(c.key)), datasets: [{ label: 'Alerts', data: a.byCategory.map((c) => c.count), backgroundColor: PALETTE[0] }] },
                  options: { indexAxis: 'y', plugins: { legend: { display: false } } },
                }}
              />
              <CountTable caption="Alerts by category" rows={a.byCategory} label={categoryLabel} />
            </div>
            <div>
              <h3>By severity</h3>
              <ChartBox
                label="Alerts by severity"
                config={{
                  type: 'bar',
                  data: { labels: a.bySeverity.map((c) => `Severity ${c.key}`), datasets: [{ label: 'Alerts', data: a.bySeverity.map((c) => c.count), backgroundColor: PALETTE[1] }] },
                  options: { plugins: { legend: { display: false } } },
                }}
              />
              <CountTable caption="Alerts by severity" rows={a.bySeverity} label={(k) => `Severity ${k}`} />
            </div>
            <div>
              <h3>By year group</h3>
              <ChartBox
                label="Alerts by year group"
                config={{
                  type: 'bar',
                  data: { labels: a.byYearGroup.map((c) => c.key), datasets: [{ label: 'Alerts', data: a.byYearGroup.map((c) => c.count), backgroundColor: PALETTE[2] }] },
                  options: { plugins: { legend: { display: false } } },
                }}
              />
              <CountTable caption="Alerts by year group" rows={a.byYearGroup} />
            </div>
            <div>
              <h3>Over time ({kind === 'monthly' ? 'per day' : 'per week, from Monday'})</h3>
              <ChartBox
                label={`Alerts per ${kind === 'monthly' ? 'day' : 'week'} by category`}
                config={{
                  type: 'bar',
                  data: {
                    labels: days,
                    datasets: cats.map((c, i) => ({
                      label: categoryLabel(c),
                      data: days.map((d) => series.filter((x) => x.day === d && x.category === c).reduce((n, x) => n + x.count, 0)),
                      backgroundColor: PALETTE[i % PALETTE.length],
                    })),
                  },
                  options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
                }}
              />
            </div>
          </div>
          {kind === 'monthly' && a.topTerms.length > 0 && <CountTable caption="Most frequent flagged terms (false positives excluded)" rows={a.topTerms} />}
          <p class="muted">Generated {new Date(report.generatedAt).toLocaleString('en-GB')}. Contains no pupil names.</p>
        </>
      )}
    </section>
  );
}
