import { CATEGORY_LABELS, type Category } from '../../../../shared/protocol/categories';
import type { DashboardAlert } from '../types';

const dt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const when = (iso: string | null | undefined): string => (iso ? dt.format(new Date(iso)) : 'never');

export const STATUS_LABELS: Record<DashboardAlert['status'], string> = {
  new: 'New',
  reviewed: 'Reviewed',
  escalated: 'Escalated',
  false_positive: 'False positive',
  resolved: 'Resolved',
};

export const KIND_LABELS: Record<DashboardAlert['kind'], string> = {
  keyword: 'Keyword',
  concern: 'Pupil concern',
  url_report: 'Reported URL',
  tamper: 'Tampering',
  device_silent: 'Silent device',
};

export const categoryLabel = (key: string | null): string =>
  key && key in CATEGORY_LABELS ? CATEGORY_LABELS[key as Category] : key ? (KIND_LABELS as Record<string, string>)[key] ?? key.replace(/_/g, ' ') : '';

export const CATEGORY_KEYS = Object.keys(CATEGORY_LABELS) as Category[];
