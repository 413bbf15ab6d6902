import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { KIND_LABELS, STATUS_LABELS, categoryLabel, when } from '../components/format';
import { Highlight } from '../components/highlight';
import type { AlertNoteRow, DashboardAlert } from '../types';

interface Detail {
  alert: DashboardAlert;
  notes: AlertNoteRow[];
  device: { id: string; name: string | null; kind: string } | null;
  timeline: DashboardAlert[];
  canTriage: boolean;
}

/** One alert: the evidence, the pupil's recent timeline, and the triage form with its history. */
export function AlertDetail({ id }: { id: string }) {
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api.get<Detail>(`/api/dashboard/alerts/${encodeURIComponent(id)}`).then(setD, (e: Error) => setError(e.message));
  }, [id, tick]);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!d) return <p>Loading…</p>;
  const a = d.alert;
  return (
    <section>
      <p>
        <a href="#/alerts">← All alerts</a>
      </p>
      <h1>
        <span class={`sev sev${a.severity}`}>{a.severity}</span> {a.kind === 'keyword' ? categoryLabel(a.category) : KIND_LABELS[a.kind]}{' '}
        <span class="status" id="alert-status">{STATUS_LABELS[a.status]}</span>
      </h1>
      <div class="detail-grid">
        <div>
          <h2>What happened</h2>
          <blockquote class="context" id="alert-context">
            <Highlight text={a.context} start={a.matchStart} end={a.matchEnd} />
          </blockquote>
          <dl class="facts">
            {a.term && (
              <>
                <dt>Matched term</dt>
                <dd>{a.term}</dd>
              </>
            )}
            <dt>Time</dt>
            <dd>{when(a.at)}</dd>
            <dt>Pupil</dt>
            <dd>
              {a.pupilName ?? 'not on the roster'} {a.user && <span class="muted">({a.user})</span>}
              {a.yearGroup && ` · ${a.yearGroup}`}
              {a.className && ` · class ${a.className}`}
            </dd>
            <dt>URL</dt>
            <dd class="url">{a.url ?? '—'}</dd>
            <dt>Page title</dt>
            <dd>{a.title ?? '—'}</dd>
            <dt>Device</dt>
            <dd>{d.device?.name ? `${d.device.name} (${a.deviceId})` : a.deviceId}</dd>
            <dt>IP address</dt>
            <dd>{a.ip ?? '—'}</dd>
            <dt>Received</dt>
            <dd>{when(a.receivedAt)}</dd>
          </dl>
          {a.hasScreenshot && (
            <>
              <h2>Screenshot</h2>
              <img class="evidence" src={`/api/dashboard/alerts/${encodeURIComponent(a.id)}/screenshot`} alt="Screenshot of the pupil's screen when the alert was raised" />
            </>
          )}
        </div>
        <div>
          {d.canTriage && <Triage alert={a} onDone={() => setTick((t) => t + 1)} />}
          <h2>History</h2>
          {d.notes.length === 0 ? (
            <p>No action yet.</p>
          ) : (
            <ol class="notes" id="notes">
              {d.notes.map((n) => (
                <li key={n.id}>
                  <strong>{n.staffName}</strong> {STATUS_LABELS[n.fromStatus]} → {STATUS_LABELS[n.toStatus]} <span class="muted">{when(n.at)}</span>
                  {n.note && <p class="note">{n.note}</p>}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
      <h2>This pupil's recent alerts</h2>
      {d.timeline.length <= 1 ? (
        <p>No other alerts for this pupil.</p>
      ) : (
        <table id="timeline">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Severity</th>
              <th scope="col">Type</th>
              <th scope="col">What</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {d.timeline.map((t) => (
              <tr key={t.id} class={t.id === a.id ? 'current' : ''}>
                <td>{t.id === a.id ? when(t.at) : <a href={`#/alerts/${encodeURIComponent(t.id)}`}>{when(t.at)}</a>}</td>
                <td>{t.severity}</td>
                <td>{t.kind === 'keyword' ? categoryLabel(t.category) : KIND_LABELS[t.kind]}</td>
                <td>
                  <Highlight text={t.context} start={t.matchStart} end={t.matchEnd} />
                </td>
                <td>{STATUS_LABELS[t.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Triage({ alert, onDone }: { alert: DashboardAlert; onDone: () => void }) {
  const [status, setStatus] = useState<DashboardAlert['status']>(alert.status === 'new' ? 'reviewed' : alert.status);
  const [note, setNote] = useState('');
  const [addAllow, setAddAllow] = useState(false);
  const [phrase, setPhrase] = useState(alert.term ?? '');
  const [msg, setMsg] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const r = await api.post<{ policyVersion: number | null }>(`/api/dashboard/alerts/${encodeURIComponent(alert.id)}/status`, {
        status,
        note,
        ...(status === 'false_positive' && addAllow ? { allowPhrase: phrase } : {}),
      });
      setMsg(r.policyVersion ? `Saved. Allow-phrase added (policy version ${r.policyVersion}).` : 'Saved.');
      setNote('');
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="card triage" id="triage" onSubmit={submit}>
      <h2>Triage</h2>
      <fieldset>
        <legend>Status</legend>
        {(['reviewed', 'escalated', 'false_positive', 'resolved', 'new'] as const).map((s) => (
          <label class="radio">
            <input type="radio" name="status" value={s} checked={status === s} onChange={() => setStatus(s)} /> {STATUS_LABELS[s]}
          </label>
        ))}
      </fieldset>
      <label>
        Note (who you told, what you did)
        <textarea name="note" rows={3} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      </label>
      {status === 'false_positive' && alert.term && (
        <div class="allow">
          <label class="radio">
            <input type="checkbox" name="addAllow" checked={addAllow} onChange={() => setAddAllow(!addAllow)} /> Never alert on this phrase again (adds a
            school allow-phrase; logged as a policy change)
          </label>
          {addAllow && (
            <label>
              Allow-phrase
              <input name="allowPhrase" value={phrase} onInput={(e) => setPhrase((e.target as HTMLInputElement).value)} required maxLength={200} />
            </label>
          )}
        </div>
      )}
      <button type="submit">Save</button>
      <p role="status" class="ok">
        {msg}
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  );
}
