import type { IncidentRecord } from './incident-record';

/**
 * The fields of an incident record, in the order of the CPOMS / MyConcern "Online Safety"
 * concern forms, with their headings. One list for the CSV export and the printable page.
 */
export const RECORD_FIELDS: readonly (readonly [keyof IncidentRecord, string])[] = [
  ['date', 'Date'],
  ['time', 'Time'],
  ['pupil', 'Pupil'],
  ['userName', 'User name'],
  ['yearGroup', 'Year group'],
  ['className', 'Class'],
  ['category', 'Category'],
  ['subCategory', 'Sub-category'],
  ['severity', 'Severity'],
  ['what', 'What happened'],
  ['url', 'URL'],
  ['pageTitle', 'Page title'],
  ['device', 'Device'],
  ['ip', 'IP address'],
  ['status', 'Status'],
  ['action', 'Action taken'],
  ['recordedBy', 'Recorded by'],
];
