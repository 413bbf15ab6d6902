import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import type { IncidentRecord } from '../types';
import { RECORD_FIELDS } from '../../../export/record-fields';

const FIELDS = RECORD_FIELDS;

/**
 * Printable incident records, one per page, laid out like the "Online Safety" concern forms
 * of CPOMS and MyConcern so the DSL can copy or attach them.
 */
export function RecordsPage({ ids }: { ids: string[] }) {
  const [data, setData] = useState<{ records: IncidentRecord[]; school: string } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!ids.length) return setError('No alerts selected: choose alerts on the Alerts page first.');
    api.post<{ records: IncidentRecord[]; school: string }>('/api/dashboard/export/records', { ids }).then(setData, (e: Error) => setError(e.message));
  }, [ids.join(',')]);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <section class="records">
      <p class="no-print">
        <a href="#/alerts">← Alerts</a>{' '}
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      </p>
      {data.records.map((r) => (
        <article class="record" key={r.alertId}>
          <h1>
            Online Safety concern — {data.school}
          </h1>
          <table class="record-table">
            <tbody>
              {FIELDS.map(([k, label]) => (
                <tr>
                  <th scope="row">{label}</th>
                  <td class={k === 'action' || k === 'what' ? 'pre' : ''}>{String(r[k]) || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">Alert reference {r.alertId}. Printed {new Date().toLocaleString('en-GB')}. Confidential: safeguarding record.</p>
        </article>
      ))}
    </section>
  );
}
