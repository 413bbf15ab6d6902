import { compileKeywords } from '../../shared/keywords/engine';
import type { Matcher } from '../../shared/keywords/matcher';
import type { KeywordPolicy } from '../../shared/policy/keywords-section';
import { randomId, type Outbox } from '../../shared/outbox/outbox';
import type { KeywordAlertEvent } from '../../shared/protocol/events';
import type { KeyValueArea } from '../platform/storage';
import type { TabCapture } from './concern-screenshot';
import type { TypedTextMessage } from './messages';

const CONTEXT_CHARS = 60;
const DEDUP_MS = 10 * 60_000;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The match with ~60 characters either side, and where the match sits inside that context. */
export function contextAround(text: string, start: number, end: number): { context: string; matchStart: number; matchEnd: number } {
  let from = Math.max(0, start - CONTEXT_CHARS);
  let to = Math.min(text.length, end + CONTEXT_CHARS);
  // Never cut a surrogate pair in half.
  if (from > 0 && /[\udc00-\udfff]/.test(text[from]!)) from--;
  if (to < text.length && /[\udc00-\udfff]/.test(text[to]!)) to++;
  return { context: text.slice(from, to), matchStart: start - from, matchEnd: end - from };
}

export interface TypedWhere {
  url?: string | undefined;
  title?: string | undefined;
  user?: string | undefined;
  /** The tab the text was typed in (for screenshot evidence). */
  tab?: { active?: boolean; windowId?: number } | undefined;
}

/**
 * Scans text a pupil typed and queues an alert per flagged match. Only matches (with short
 * context) leave this function; the typed text itself is never stored or sent. The same
 * term typed again on the same site within 10 minutes is not alerted twice (the worker's
 * session storage keeps only content-free hashes for this).
 */
export class KeywordAlerts {
  private engine: Matcher;
  private policy: KeywordPolicy;

  constructor(
    private readonly outbox: Outbox,
    private readonly session: KeyValueArea,
    keywords: KeywordPolicy,
    private readonly capture?: TabCapture,
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
  async onTyped(msg: TypedTextMessage, where: TypedWhere): Promise<KeywordAlertEvent[]> {
    const matches = this.engine.scan(msg.text);
    if (!matches.length) return [];
    const seen = (await this.session.get<Record<string, number>>('kw:seen')) ?? {};
    const now = Date.now();
    for (const [k, t] of Object.entries(seen)) if (now - t > DEDUP_MS) delete seen[k];
    let host = '';
    try {
      host = where.url ? new URL(where.url).host : '';
    } catch {
      host = '';
    }
    const alerts: KeywordAlertEvent[] = [];
    for (const m of matches) {
      // Content-free: a hash of where and what, never the words themselves.
      const dedupeId = await sha256(`${host}|${m.term}|${m.category}|${msg.text.slice(m.start, m.end).toLowerCase()}`);
      if (seen[dedupeId]) continue;
      seen[dedupeId] = now;
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
        dedupeId,
      });
    }
    await this.session.set({ 'kw:seen': seen });
    if (!alerts.length) return [];
    const min = this.policy.screenshotMinSeverity;
    if (min !== null && this.capture && alerts.some((a) => a.severity >= min)) {
      // One picture serves every serious alert from this scan.
      const shot = await this.capture(where.tab);
      if (shot) for (const a of alerts) if (a.severity >= min) a.screenshot = shot;
    }
    await this.outbox.add(...alerts);
    return alerts;
  }
}
