import { CATEGORY_LABELS, type Category } from '../../shared/protocol/categories';
import type { AlertNoteRow, DashboardAlert } from '../store/dashboard-types';

/**
 * One incident as a school's safeguarding record system wants it: CPOMS and MyConcern both
 * take a date, time, pupil, category ("Online Safety" with a sub-category), what happened and
 * the action taken; seed 002's "logging a concern" form is labelled Online Safety too.
 */
export interface IncidentRecord {
  alertId: string;
  date: string;
  time: string;
  pupil: string;
  userName: string;
  yearGroup: string;
  className: string;
  category: string;
  subCategory: string;
  severity: number;
  what: string;
  url: string;
  pageTitle: string;
  device: string;
  ip: string;
  status: string;
  action: string;
  recordedBy: string;
}

const KIND_LABEL: Record<DashboardAlert['kind'], string> = {
  keyword: 'Flagged keyword',
  concern: 'Pupil reported a concern',
  url_report: 'Unsuitable URL reported',
  tamper: 'Tampering with the e-safety software',
  device_silent: 'Device stopped reporting',
};

const STATUS_LABEL: Record<DashboardAlert['status'], string> = {
  new: 'New',
  reviewed: 'Reviewed',
  escalated: 'Escalated',
  false_positive: 'False positive',
  resolved: 'Resolved',
};

// Formatters are built once: building one per cell made a 500-row export take a second.
const fmt = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', ...opts });
const FORMATS = {
  date: fmt({ day: '2-digit', month: '2-digit', year: 'numeric' }),
  time: fmt({ hour: '2-digit', minute: '2-digit' }),
  stamp: fmt({ dateStyle: 'short', timeStyle: 'short' }),
};
const london = (iso: string, f: keyof typeof FORMATS) => FORMATS[f].format(new Date(iso));

export function incidentRecord(a: DashboardAlert, notes: AlertNoteRow[], deviceName: string | null): IncidentRecord {
  const sub = a.category && a.category in CATEGORY_LABELS ? CATEGORY_LABELS[a.category as Category] : KIND_LABEL[a.kind];
  const what =
    a.kind === 'keyword'
      ? `Typed "${a.term ?? ''}" (${sub}). Context: ${a.context ?? ''}`
      : `${KIND_LABEL[a.kind]}${a.context ? `: ${a.context}` : ''}`;
  return {
    alertId: a.id,
    date: london(a.at, 'date'),
    time: london(a.at, 'time'),
    pupil: a.pupilName ?? '',
    userName: a.user ?? '',
    yearGroup: a.yearGroup ?? '',
    className: a.className ?? '',
    category: 'Online Safety',
    subCategory: sub,
    severity: a.severity,
    what,
    url: a.url ?? '',
    pageTitle: a.title ?? '',
    device: deviceName ? `${deviceName} (${a.deviceId})` : a.deviceId,
    ip: a.ip ?? '',
    status: STATUS_LABEL[a.status],
    action: notes.map((n) => `${london(n.at, 'stamp')} ${n.staffName}: ${STATUS_LABEL[n.toStatus]}${n.note ? ` - ${n.note}` : ''}`).join('\n'),
    recordedBy: notes.at(-1)?.staffName ?? '',
  };
}
