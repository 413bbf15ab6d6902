import { useEffect, useState } from 'preact/hooks';
import type { PolicyDocument } from '../../../../shared/policy/schema';
import { DEFAULT_SCHOOL_HOURS, formatClosures, parseClosures } from '../../../../shared/policy/school-hours';
import { KID_SAFE_ENGINES } from '../../../../shared/search/kid-safe-engines';
import { api } from '../api';
import { CATEGORY_KEYS, categoryLabel, when } from '../components/format';

interface LogEntry {
  version: number;
  at: string;
  by: string;
  reason: string;
  changes: string[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MON_FIRST = [1, 2, 3, 4, 5, 6, 0];
type Hours = PolicyDocument['schoolHours'];

/** When the school is open: a device is only "silent" for the IT alert during these hours. */
function SchoolHoursFields({ value, onChange, closed, onClosed }: { value: Hours; onChange: (h: Hours) => void; closed: string; onClosed: (text: string) => void }) {
  const h = value ?? DEFAULT_SCHOOL_HOURS;
  const set = (patch: Partial<NonNullable<Hours>>) => onChange({ ...h, ...patch });
  return (
    <fieldset class="card" id="school-hours">
      <legend>School hours</legend>
      <p>A device that stays silent for two hours of school time raises an IT alert; evenings, weekends, days not ticked and closed days do not count.</p>
      <label class="radio">
        <input type="checkbox" name="hours-always" checked={value === null} onChange={(e) => onChange((e.target as HTMLInputElement).checked ? null : { ...DEFAULT_SCHOOL_HOURS })} /> Count every hour (no school hours)
      </label>
      {value !== null && (
        <>
          <div class="checks" role="group" aria-label="School days">
            {MON_FIRST.map((i) => (
              <label class="radio">
                <input
                  type="checkbox"
                  name={`hours-day-${i}`}
                  checked={h.days.includes(i)}
                  onChange={(e) => set({ days: (e.target as HTMLInputElement).checked ? [...h.days, i].sort() : h.days.filter((x) => x !== i) })}
                />{' '}
                {DAYS[i]}
              </label>
            ))}
          </div>
          <div class="row">
          <label>
            Opens
            <input type="time" name="hours-start" value={h.start} onInput={(e) => set({ start: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            Closes
            <input type="time" name="hours-end" value={h.end} onInput={(e) => set({ end: (e.target as HTMLInputElement).value })} />
          </label>
          <label>
            Time zone
            <input name="hours-zone" value={h.timeZone} onInput={(e) => set({ timeZone: (e.target as HTMLInputElement).value })} />
          </label>
          </div>
          <label>
            Closed days (holidays, half terms, INSET days), one a line: "2026-12-21 to 2027-01-01 Christmas holiday" or "2027-01-04 INSET day"
            <textarea name="hours-closed" rows={4} value={closed} onInput={(e) => onClosed((e.target as HTMLTextAreaElement).value)} />
          </label>
        </>
      )}
    </fieldset>
  );
}

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/**
 * Policy screens: search engines, keyword lists, allow-phrases, board mode and suspensions.
 * Every save needs a reason and becomes a new version in the change log (seed 004).
 */
export function PolicyPage() {
  const [doc, setDoc] = useState<PolicyDocument | null>(null);
  const [log, setLog] = useState<LogEntry[]>([]);
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState('');
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const [suspend, setSuspend] = useState({ user: '', until: '', reason: '' });
  // Textareas keep their raw text while being edited; parsed into the document on save.
  const [terms, setTerms] = useState('');
  const [allow, setAllow] = useState('');
  const [closed, setClosed] = useState('');

  useEffect(() => {
    api.get<{ policy: PolicyDocument }>('/api/policy').then((r) => {
      setDoc(r.policy);
      setTerms(r.policy.keywords.extraTerms.map((t) => `${t.term}, ${t.category}, ${t.severity}`).join('\n'));
      setAllow(r.policy.keywords.allowPhrases.join('\n'));
      setClosed(formatClosures(r.policy.schoolHours?.closed ?? []));
    }, (e: Error) => setError(e.message));
    api.get<{ log: LogEntry[] }>('/api/dashboard/policy/log').then((r) => setLog(r.log), () => undefined);
  }, [tick]);
  if (!doc) return error ? <p role="alert" class="error">{error}</p> : <p>Loading…</p>;

  const k = doc.keywords;
  const setK = (patch: Partial<PolicyDocument['keywords']>) => setDoc({ ...doc, keywords: { ...k, ...patch } });
  const setGroup = (id: string, patch: (g: PolicyDocument['groups'][string]) => PolicyDocument['groups'][string]) =>
    setDoc({ ...doc, groups: { ...doc.groups, [id]: patch(doc.groups[id]!) } });

  const save = async (e: Event) => {
    e.preventDefault();
    setMsg('');
    setError('');
    try {
      const extraTerms = lines(terms).map((l) => {
        const [term = '', category = '', severity = ''] = l.split(',').map((x) => x.trim());
        return { term, category: category as never, severity: Number(severity) };
      });
      const schoolHours = doc.schoolHours && { ...doc.schoolHours, closed: parseClosures(closed) };
      const policy = { ...doc, schoolHours, keywords: { ...doc.keywords, extraTerms, allowPhrases: lines(allow) } };
      const r = await api.put<{ policy: PolicyDocument }>('/api/policy', { policy, reason });
      setMsg(`Saved as version ${r.policy.version}; devices receive it now.`);
      setReason('');
      setTick((t) => t + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section>
      <h1>Policy</h1>
      <form id="policy-form" onSubmit={save}>
        <fieldset class="card">
          <legend>Search engines</legend>
          {Object.entries(doc.groups).map(([id, g]) => (
            <div class="row" key={id}>
              <strong>{g.label}</strong>
              <label>
                Mode
                <select name={`search-mode-${id}`} value={g.search.mode} onChange={(e) => setGroup(id, (x) => ({ ...x, search: { ...x.search, mode: (e.target as HTMLSelectElement).value as never } }))}>
                  <option value="redirect">Send searches to a child-safe engine</option>
                  <option value="safesearch">Mainstream engines with SafeSearch forced</option>
                  <option value="off">Off (not recommended)</option>
                </select>
              </label>
              <label>
                Engine
                <select name={`search-engine-${id}`} value={g.search.engine} onChange={(e) => setGroup(id, (x) => ({ ...x, search: { ...x.search, engine: (e.target as HTMLSelectElement).value } }))}>
                  {[...KID_SAFE_ENGINES, ...doc.search.customEngines].map((en) => (
                    <option value={en.id}>{en.name}</option>
                  ))}
                </select>
              </label>
            </div>
          ))}
        </fieldset>

        <fieldset class="card">
          <legend>Keyword lists</legend>
          <p>Categories switched on:</p>
          <div class="checks">
            {CATEGORY_KEYS.map((c) => (
              <label class="radio">
                <input
                  type="checkbox"
                  name={`category-${c}`}
                  checked={!k.disabledCategories.includes(c)}
                  onChange={(e) =>
                    setK({ disabledCategories: (e.target as HTMLInputElement).checked ? k.disabledCategories.filter((x) => x !== c) : [...k.disabledCategories, c] })
                  }
                />{' '}
                {categoryLabel(c)}
              </label>
            ))}
          </div>
          <label>
            School terms, one a line: term, category, severity (1-5)
            <textarea name="extraTerms" rows={4} value={terms} onInput={(e) => setTerms((e.target as HTMLTextAreaElement).value)} />
          </label>
          <label>
            E-mail the DSL at once for alerts of severity
            <select name="emailMinSeverity" value={String(k.emailMinSeverity)} onChange={(e) => setK({ emailMinSeverity: Number((e.target as HTMLSelectElement).value) })}>
              {[5, 4, 3, 2, 1].map((s) => (
                <option value={String(s)}>{s} or higher</option>
              ))}
            </select>
          </label>
        </fieldset>

        <fieldset class="card">
          <legend>Allow-phrases</legend>
          <label>
            Phrases that never alert, one a line (e.g. "kill time")
            <textarea name="allowPhrases" rows={4} value={allow} onInput={(e) => setAllow((e.target as HTMLTextAreaElement).value)} />
          </label>
        </fieldset>

        <fieldset class="card">
          <legend>Board mode</legend>
          {Object.entries(doc.groups).map(([id, g]) => (
            <div class="row" key={id}>
              <strong>{g.label}</strong>
              {(['display', 'teacher', 'collector'] as const).map((t) => (
                <label class="radio">
                  <input
                    type="checkbox"
                    name={`board-${id}-${t}`}
                    checked={g.board.triggers[t]}
                    onChange={(e) => setGroup(id, (x) => ({ ...x, board: { ...x.board, triggers: { ...x.board.triggers, [t]: (e.target as HTMLInputElement).checked } } }))}
                  />{' '}
                  {t === 'display' ? 'On when projecting' : t === 'teacher' ? 'Teacher toggle' : 'Dashboard command'}
                </label>
              ))}
              <label class="radio">
                <input type="checkbox" name={`board-${id}-designated`} checked={g.board.designated} onChange={(e) => setGroup(id, (x) => ({ ...x, board: { ...x.board, designated: (e.target as HTMLInputElement).checked } }))} /> Always a board PC
              </label>
              <label>
                Searches while projecting
                <select name={`board-${id}-search`} value={g.board.search} onChange={(e) => setGroup(id, (x) => ({ ...x, board: { ...x.board, search: (e.target as HTMLSelectElement).value as never } }))}>
                  <option value="redirect">Send to the child-safe engine</option>
                  <option value="block">Block</option>
                </select>
              </label>
            </div>
          ))}
        </fieldset>

        <SchoolHoursFields value={doc.schoolHours} onChange={(schoolHours) => setDoc({ ...doc, schoolHours })} closed={closed} onClosed={setClosed} />

        <fieldset class="card">
          <legend>Suspended internet access</legend>
          {doc.suspensions.length === 0 && <p>No one is suspended.</p>}
          <ul id="suspensions">
            {doc.suspensions.map((s, i) => (
              <li key={`${s.user}-${i}`}>
                {s.user} until {when(s.until)}: {s.reason}{' '}
                <button type="button" class="link" onClick={() => setDoc({ ...doc, suspensions: doc.suspensions.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <div class="row">
            <label>
              User
              <input name="suspend-user" value={suspend.user} onInput={(e) => setSuspend({ ...suspend, user: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              Until
              <input type="date" name="suspend-until" value={suspend.until} onInput={(e) => setSuspend({ ...suspend, until: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              Why
              <input name="suspend-reason" value={suspend.reason} onInput={(e) => setSuspend({ ...suspend, reason: (e.target as HTMLInputElement).value })} />
            </label>
            <button
              type="button"
              id="add-suspension"
              disabled={!suspend.user || !suspend.until || !suspend.reason}
              onClick={() => {
                setDoc({ ...doc, suspensions: [...doc.suspensions, { user: suspend.user, until: new Date(`${suspend.until}T23:59:59`).toISOString(), reason: suspend.reason }] });
                setSuspend({ user: '', until: '', reason: '' });
              }}
            >
              Add suspension
            </button>
          </div>
        </fieldset>

        <div class="card save">
          <label>
            Reason for this change (required, kept in the change log)
            <textarea name="reason" rows={2} required value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" id="save-policy">
            Save policy
          </button>
          <p role="status" class="ok">
            {msg}
          </p>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </div>
      </form>

      <h2>Change log</h2>
      <table id="policy-log">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {log.map((l) => (
            <tr key={l.version}>
              <td>{l.version}</td>
              <td>{when(l.at)}</td>
              <td>{l.by}</td>
              <td>
                <ul class="changes">
                  {l.changes.slice(0, 12).map((c) => (
                    <li>{c}</li>
                  ))}
                  {l.changes.length > 12 && <li>…and {l.changes.length - 12} more</li>}
                </ul>
              </td>
              <td>{l.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
