import { stringify } from 'csv-stringify/sync';
import type { IncidentRecord } from './incident-record';
import { RECORD_FIELDS } from './record-fields';

/**
 * Cells a spreadsheet would treat as a formula (OWASP "CSV Injection"): a pupil can type
 * `=HYPERLINK(...)` into a page, so such cells are prefixed with a quote and stay text.
 */
export const neutraliseFormula = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

const COLUMNS: readonly (readonly [keyof IncidentRecord, string])[] = [...RECORD_FIELDS, ['alertId', 'Alert id']];

/** CSV (RFC 4180, with a BOM so Excel reads UTF-8) of incident records, one row each. */
export function incidentsCsv(records: IncidentRecord[]): string {
  const rows = records.map((r) => COLUMNS.map(([k]) => neutraliseFormula(String(r[k]))));
  return '\uFEFF' + stringify([COLUMNS.map(([, h]) => h), ...rows], { quoted_match: /[\n\r",]/ });
}
