import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { RosterRow } from '../types';

/** Roster import: a CSV of pupils (user name, name, class, year) so alerts show year groups. */
export function RosterPage() {
  const [roster, setRoster] = useState<RosterRow[] | null>(null);
  const [msg, setMsg] = useState('');
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api.get<{ roster: RosterRow[] }>('/api/dashboard/roster').then((r) => setRoster(r.roster), (e: Error) => setError(e.message));
  }, [tick]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setMsg('');
    setError('');
    const file = ((e.target as HTMLFormElement).elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return setError('Choose a CSV file first.');
    try {
      const r = await api.post<{ imported: number }>('/api/dashboard/roster', { csv: await file.text() });
      setMsg(`Imported ${r.imported} pupils. The previous roster was replaced.`);
      setTick((t) => t + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section>
      <h1>Roster</h1>
      <form class="card" id="roster-form" onSubmit={submit}>
        <label>
          Pupils CSV (columns: user, name, class, year; exports from SIMS, Arbor or Bromcom work)
          <input type="file" name="file" accept=".csv,text/csv" />
        </label>
        <button type="submit">Import</button>
        <p role="status" class="ok">{msg}</p>
        {error && <p role="alert" class="error">{error}</p>}
      </form>
      {roster && (
        <table id="roster">
          <caption>{roster.length} pupils</caption>
          <thead>
            <tr>
              <th scope="col">User name</th>
              <th scope="col">Name</th>
              <th scope="col">Class</th>
              <th scope="col">Year group</th>
            </tr>
          </thead>
          <tbody>
            {roster.map((r) => (
              <tr key={r.user}>
                <td>{r.user}</td>
                <td>{r.name}</td>
                <td>{r.className}</td>
                <td>{r.yearGroup}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
