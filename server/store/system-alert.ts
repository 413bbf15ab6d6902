import type { AlertRow, SystemAlert } from './types';

/** The alert row for something the collector noticed itself (no device event behind it). */
export function systemAlertRow(a: SystemAlert, receivedAt: string): AlertRow {
  return {
    id: `${a.deviceId}:${a.key}`,
    schoolId: a.schoolId,
    deviceId: a.deviceId,
    eventId: a.key,
    kind: a.kind,
    category: a.category,
    severity: a.severity,
    term: null,
    context: a.context,
    matchStart: null,
    matchEnd: null,
    url: null,
    title: null,
    user: null,
    ip: null,
    at: a.at,
    receivedAt,
    status: 'new',
    hasScreenshot: false,
  };
}
