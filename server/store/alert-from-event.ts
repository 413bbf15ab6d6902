import type { DeviceEvent } from '../../shared/protocol/events';
import type { AlertRow, IngestContext } from './types';

/**
 * Which device events become alerts for the DSL's queue, and how they read there.
 * Keyword alerts keep their own severity; a pupil's own concern is treated as serious (4)
 * because it is a child asking for help; tampering goes to IT at 3.
 */
export function alertFromEvent(ctx: IngestContext, e: DeviceEvent): AlertRow | null {
  const base = {
    id: `${ctx.deviceId}:${e.id}`,
    schoolId: ctx.schoolId,
    deviceId: ctx.deviceId,
    eventId: e.id,
    user: e.user ?? null,
    ip: ctx.ip,
    at: e.at,
    receivedAt: ctx.receivedAt,
    status: 'new' as const,
    term: null,
    context: null,
    matchStart: null,
    matchEnd: null,
    url: null,
    title: null,
    category: null,
    hasScreenshot: false,
  };
  switch (e.type) {
    case 'keyword_alert':
      return {
        ...base,
        kind: 'keyword',
        category: e.category,
        severity: e.severity,
        term: e.term,
        context: e.context,
        matchStart: e.matchStart,
        matchEnd: e.matchEnd,
        url: e.url ?? null,
        title: e.title ?? e.app ?? null,
        hasScreenshot: !!e.screenshot,
      };
    case 'concern':
      return { ...base, kind: 'concern', severity: 4, context: e.message ?? null, url: e.url ?? null, title: e.title ?? null, hasScreenshot: !!e.screenshot };
    case 'url_report':
      return { ...base, kind: 'url_report', severity: e.kind === 'unsuitable' ? 3 : 1, context: e.message ?? null, url: e.url };
    case 'tamper':
      return { ...base, kind: 'tamper', severity: 3, category: e.kind, context: e.detail };
    default:
      return null;
  }
}
