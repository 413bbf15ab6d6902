import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { incidentsCsv, neutraliseFormula } from './csv-export';
import type { IncidentRecord } from './incident-record';

const record = (over: Partial<IncidentRecord> = {}): IncidentRecord => ({
  alertId: 'dev_1:e1',
  date: '03/10/2026',
  time: '10:00',
  pupil: 'Ava Patel',
  userName: 'ava.patel',
  yearGroup: 'Year 5',
  className: '5B',
  category: 'Online Safety',
  subCategory: 'Bullying',
  severity: 3,
  what: 'Typed "loser"',
  url: 'https://x.example/',
  pageTitle: 'Chat',
  device: 'Y5-01',
  ip: '10.0.0.1',
  status: 'Reviewed',
  action: 'line one\nline two, with comma',
  recordedBy: 'Mrs DSL',
  ...over,
});

describe('CSV export', () => {
  it('prefixes a quote to every cell a spreadsheet would run as a formula (OWASP CSV injection)', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(bad)).toBe(`'${bad}`);
    for (const ok of ['hello', "'quoted", '1-2', 'a=b']) expect(neutraliseFormula(ok)).toBe(ok);
  });

  it('writes a header and one row per record that a CSV reader gets back intact', () => {
    const csv = incidentsCsv([record(), record({ pupil: '=HYPERLINK("http://evil")', what: '"quoted" text' })]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows).toHaveLength(3);
    expect(rows[1]![15]).toBe('line one\nline two, with comma');
    expect(rows[2]![2]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[2]![9]).toBe('"quoted" text');
  });
});
