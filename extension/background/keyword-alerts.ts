import { compileKeywords } from '../../shared/keywords/engine';
import type { KeywordEngine } from '../../shared/keywords/types';
import type { KeywordPolicy } from '../../shared/policy/keywords-section';
import { randomId, type Outbox } from '../../shared/outbox/outbox';
import type { KeywordAlertEvent } from '../../shared/protocol/events';
import type { KeyValueArea } from '../platform/storage';
import type { TypedTextMessage } from './messages';

const CONTEXT_CHARS = 60;
const DEDUP_MS = 10 * 60_000;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The match with ~60 characters either side, and where the match sits inside that context. */
export function contextAround(text: string, start: number, end: number): { context: string; matchStart: number; matchEnd: number } {
  const from = Math.max(0, start - CONTEXT_CHARS);
  const to = Math.min(text.length, end + CONTEXT_CHARS);
  return { context: text.slice(from, to), matchStart: start - from, matchEnd: end - from };
}

/**
 * Scans text a pupil typed and queues an alert per flagged match. Only matches (with short
 * context) leave this function; the typed text itself is never stored or sent.
 */
export class KeywordAlerts {
  private engine: KeywordEngine;
  private policy: KeywordPolicy | null = null;

  constructor(
    private readonly outbox: Outbox,
    private readonly session: KeyValueArea,
    keywords: KeywordPolicy,
  ) {
    this.engine = compileKeywords(keywords);
    this.policy = keywords;
  }

  /** Rebuild the matcher when the school's keyword policy changes. */
  setPolicy(keywords: KeywordPolicy): void {
    if (keywords === this.policy) return;
    this.engine = compileKeywords(keywords);
    this.policy = keywords;
  }

  /** Returns the alerts queued (after de-duplication). */
  async onTyped(msg: TypedTextMessage, where: { url?: string | undefined; title?: string | undefined; user?: string | undefined }): Promise<KeywordAlertEvent[]> {
    const matches = this.engine.scan(msg.text);
    if (!matches.length) return [];
    const seen = (await this.session.get<Record<string, number>>('kw:seen')) ?? {};
    const now = Date.now();
    for (const [k, t] of Object.entries(seen)) if (now - t > DEDUP_MS) delete seen[k];
    const page = where.url ? where.url.split('#')[0] : '';
    const alerts: KeywordAlertEvent[] = [];
    for (const m of matches) {
      const key = await sha256(`${page}|${m.term}|${msg.text.slice(m.start, m.end).toLowerCase()}`);
      if (seen[key]) continue;
      seen[key] = now;
      alerts.push({
        id: randomId(),
        at: new Date().toISOString(),
        type: 'keyword_alert',
        user: where.user,
        term: m.term,
        category: m.category,
        severity: m.severity,
        ...contextAround(msg.text, m.start, m.end),
        source: msg.source,
        url: where.url?.slice(0, 4096),
        title: where.title?.slice(0, 500),
      });
    }
    await this.session.set({ 'kw:seen': seen });
    if (alerts.length) await this.outbox.add(...alerts);
    return alerts;
  }
}
