import { format, parseISO, startOfWeek } from 'date-fns';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { ChartBox, PALETTE } from '../components/chart-box';
import { CountTable } from '../components/count-table';
import { categoryLabel, when } from '../components/format';
import type { AlertAggregates, RepeatPupil } from '../types';

interface Trends {
  aggregates: AlertAggregates;
  repeatPupils: RepeatPupil[];
  silentDevices: { id: string; name: string | null; lastSeenAt: string | null }[];
}

/** Seed 004 "identify trends": over time by category, top terms, repeat pupils, silent devices. */
export function TrendsPage() {
  const [days, setDays] = useState(90);
  const [t, setT] = useState<Trends | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.get<Trends>(`/api/dashboard/trends?days=${days}`).then(setT, (e: Error) => setError(e.message));
  }, [days]);
  const a = t?.aggregates;
  // Per week (from Monday): days without alerts would otherwise draw misleading lines.
  const series = a ? a.byDay.map((d) => ({ ...d, week: format(startOfWeek(parseISO(d.day), { weekStartsOn: 1 }), 'yyyy-MM-dd') })) : [];
  const weeks = [...new Set(series.map((d) => d.week))].sort();
  const cats = [...new Set(series.map((d) => d.category))];
  return (
    <section>
      <h1>Trends</h1>
      <label>
        Period{' '}
        <select value={String(days)} onChange={(e) => setDays(Number((e.target as HTMLSelectElement).value))}>
          <option value="30">Last 30 days</option>
          <option value="90">Last 90 days</option>
          <option value="365">Last year</option>
        </select>
      </label>
      {error && <p role="alert" class="error">{error}</p>}
      {a && t && (
        <>
          <h2>Alerts per week by category</h2>
          <ChartBox
            id="chart-trend"
            label="Alerts per week by category"
            config={{
              type: 'bar',
              data: {
                labels: weeks,
                datasets: cats.map((c, i) => ({
                  label: categoryLabel(c),
                  data: weeks.map((w) => series.filter((x) => x.week === w && x.category === c).reduce((n, x) => n + x.count, 0)),
                  backgroundColor: PALETTE[i % PALETTE.length],
                })),
              },
              options: { scales: { x: { stacked: true }, y: { stacked: true } } },
            }}
          />
          <div class="charts">
            <CountTable caption="Top flagged terms (false positives excluded)" rows={a.topTerms} />
            <CountTable caption="By category" rows={a.byCategory} label={categoryLabel} />
          </div>
          <h2>Pupils with repeated alerts</h2>
          {t.repeatPupils.length === 0 ? (
            <p>No pupil has more than one alert in this period.</p>
          ) : (
            <table id="repeat-pupils">
              <thead>
                <tr>
                  <th scope="col">Pupil</th>
                  <th scope="col">Year group</th>
                  <th scope="col">Alerts</th>
                  <th scope="col">Highest severity</th>
                </tr>
              </thead>
              <tbody>
                {t.repeatPupils.map((p) => (
                  <tr key={p.user}>
                    <td>
                      <a href={`#/alerts?user=${encodeURIComponent(p.user)}`}>{p.pupilName ?? p.user}</a>
                    </td>
                    <td>{p.yearGroup ?? '—'}</td>
                    <td>{p.count}</td>
                    <td>{p.maxSeverity}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Devices never reporting or silent for a school week</h2>
          {t.silentDevices.length === 0 ? (
            <p>Every enrolled device has reported in the last week.</p>
          ) : (
            <ul id="silent-devices">
              {t.silentDevices.map((d) => (
                <li key={d.id}>
                  {d.name ?? d.id}: last seen {when(d.lastSeenAt)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
