import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api';
import { CATEGORY_KEYS, KIND_LABELS, STATUS_LABELS, categoryLabel, when } from '../components/format';
import { Highlight } from '../components/highlight';
import { useLiveAlerts } from '../live';
import { go } from '../router';
import type { DashboardAlert } from '../types';

interface Filters {
  minSeverity: string;
  category: string;
  kind: string;
  status: string;
  user: string;
  deviceId: string;
  yearGroup: string;
  className: string;
  since: string;
  until: string;
}
const EMPTY: Filters = { minSeverity: '', category: '', kind: '', status: 'new,escalated,reviewed', user: '', deviceId: '', yearGroup: '', className: '', since: '', until: '' };

const dayStart = (d: string) => (d ? new Date(`${d}T00:00:00`).toISOString() : undefined);
const dayEnd = (d: string) => (d ? new Date(new Date(`${d}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined);

/** Save a Blob as a file the normal way (an <a download>), so the browser's download UI is used. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The DSL's queue: keyword alerts, pupil concerns and reported URLs together, severity then time. */
export function AlertsPage() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [alerts, setAlerts] = useState<DashboardAlert[] | null>(null);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [options, setOptions] = useState<{ devices: { id: string; name: string }[]; yearGroups: string[]; classes: string[] }>({ devices: [], yearGroups: [], classes: [] });
  const [announce, setAnnounce] = useState('');
  const [tick, setTick] = useState(0);

  useEffect(() => {
    api.get<typeof options>('/api/dashboard/filters').then(setOptions, () => undefined);
  }, []);
  useEffect(() => {
    const f = filters;
    api
      .get<{ alerts: DashboardAlert[] }>(
        `/api/dashboard/alerts${qs({ ...f, since: dayStart(f.since), until: dayEnd(f.until), limit: 500 })}`,
      )
      .then((r) => {
        setAlerts(r.alerts);
        setError('');
      })
      .catch((e: Error) => setError(e.message));
  }, [filters, tick]);
  useLiveAlerts(
    (a) => {
      setAnnounce(`New severity ${a.severity} alert received.`);
      setTick((t) => t + 1);
    },
    () => setTick((t) => t + 1),
  );

  const set = (k: keyof Filters) => (e: Event) => setFilters({ ...filters, [k]: (e.target as HTMLInputElement).value });
  const toggle = (id: string) => {
    const next = new Set(selected);
    next.has(id) ? next.delete(id) : next.add(id);
    setSelected(next);
  };
  const ids = [...selected].filter((id) => alerts?.some((a) => a.id === id));
  const exportCsv = async () => {
    try {
      download(await api.blob('/api/dashboard/export/csv', { ids }), `esafety-incidents-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section>
      <h1>Alerts</h1>
      <p class="sr-only" aria-live="polite" id="live-announce">
        {announce}
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter alerts">
        <label>
          Minimum severity
          <select value={filters.minSeverity} onChange={set('minSeverity')} name="minSeverity">
            <option value="">Any</option>
            {[5, 4, 3, 2].map((s) => (
              <option value={String(s)}>{s} or higher</option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select value={filters.category} onChange={set('category')} name="category">
            <option value="">Any</option>
            {CATEGORY_KEYS.map((c) => (
              <option value={c}>{categoryLabel(c)}</option>
            ))}
          </select>
        </label>
        <label>
          Type
          <select value={filters.kind} onChange={set('kind')} name="kind">
            <option value="">Any</option>
            {Object.entries(KIND_LABELS).map(([k, l]) => (
              <option value={k}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={filters.status} onChange={set('status')} name="status">
            <option value="new,escalated,reviewed">Open</option>
            <option value="">All</option>
            {Object.entries(STATUS_LABELS).map(([k, l]) => (
              <option value={k}>{l}</option>
            ))}
          </select>
        </label>
        <label>
          Pupil
          <input type="search" value={filters.user} onChange={set('user')} name="user" placeholder="user name or name" />
        </label>
        <label>
          Device
          <select value={filters.deviceId} onChange={set('deviceId')} name="deviceId">
            <option value="">Any</option>
            {options.devices.map((d) => (
              <option value={d.id}>{d.name}</option>
            ))}
          </select>
        </label>
        <label>
          Year group
          <select value={filters.yearGroup} onChange={set('yearGroup')} name="yearGroup">
            <option value="">Any</option>
            {options.yearGroups.map((y) => (
              <option value={y}>{y}</option>
            ))}
          </select>
        </label>
        <label>
          Class
          <select value={filters.className} onChange={set('className')} name="className">
            <option value="">Any</option>
            {options.classes.map((y) => (
              <option value={y}>{y}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={filters.since} onChange={set('since')} name="since" />
        </label>
        <label>
          To
          <input type="date" value={filters.until} onChange={set('until')} name="until" />
        </label>
      </form>
      <div class="toolbar">
        <span>{ids.length} selected</span>
        <button type="button" id="export-csv" disabled={!ids.length} onClick={exportCsv}>
          Export CSV
        </button>
        <button type="button" id="print-records" disabled={!ids.length} onClick={() => go(`/records?ids=${ids.map(encodeURIComponent).join(',')}`)}>
          Printable incident record
        </button>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {alerts === null ? (
        <p>Loading…</p>
      ) : (
        <table class="alerts">
          <caption class="sr-only">Alerts, most severe first, then newest first</caption>
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">Select</span>
              </th>
              <th scope="col">Severity</th>
              <th scope="col">When</th>
              <th scope="col">Type</th>
              <th scope="col">What</th>
              <th scope="col">Pupil</th>
              <th scope="col">Device</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody id="rows">
            {alerts.map((a) => (
              <tr key={a.id} data-id={a.id} class={`sev${a.severity} ${a.status}`}>
                <td>
                  <input type="checkbox" aria-label={`Select alert from ${when(a.at)}`} checked={selected.has(a.id)} onChange={() => toggle(a.id)} />
                </td>
                <td>
                  <span class={`sev sev${a.severity}`}>{a.severity}</span>
                </td>
                <td>
                  <a href={`#/alerts/${encodeURIComponent(a.id)}`}>{when(a.at)}</a>
                </td>
                <td>
                  {a.kind === 'keyword' ? <span class="tag">{a.category}</span> : <span class={`tag kind-${a.kind}`}>{KIND_LABELS[a.kind]}</span>}
                </td>
                <td class="what">
                  <Highlight text={a.context} start={a.matchStart} end={a.matchEnd} />
                  {a.url && <div class="url">{a.url}</div>}
                </td>
                <td>
                  {a.pupilName ?? a.user ?? ''}
                  {a.yearGroup && <div class="muted">{a.yearGroup}</div>}
                </td>
                <td>{options.devices.find((d) => d.id === a.deviceId)?.name ?? a.deviceId}</td>
                <td>{STATUS_LABELS[a.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {alerts?.length === 0 && <p>No alerts match these filters.</p>}
    </section>
  );
}
