import type { AlertAggregates } from '../types';

/** The figures behind a chart, as a table (readable by screen readers and when printed). */
export function CountTable({ caption, rows, label = (k) => k }: { caption: string; rows: AlertAggregates['byCategory']; label?: (k: string) => string }) {
  return (
    <table class="counts">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Alerts</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{label(r.key)}</td>
            <td>{r.count}</td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={2}>None</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
