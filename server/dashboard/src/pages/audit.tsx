import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { when } from '../components/format';
import type { AuditRow } from '../types';

/** Who viewed or exported pupil data, newest first (the DSL's accountability record). */
export function AuditPage() {
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.get<{ audit: AuditRow[] }>('/api/dashboard/audit').then((r) => setRows(r.audit), (e: Error) => setError(e.message));
  }, []);
  return (
    <section>
      <h1>Audit log</h1>
      <p>Every view and export of pupil data, newest first.</p>
      {error && <p role="alert" class="error">{error}</p>}
      {rows && (
        <table id="audit">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Role</th>
              <th scope="col">Action</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{when(r.at)}</td>
                <td>{r.staffName}</td>
                <td>{r.role}</td>
                <td>{r.action}</td>
                <td class="url">{r.target}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
