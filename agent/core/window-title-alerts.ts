import type { KeywordEngine } from '../../shared/keywords/types';
import { randomId } from '../../shared/outbox/outbox';
import type { KeywordAlertEvent } from '../../shared/protocol/events';
import type { ForegroundWindow } from '../platform/types';

const CONTEXT = 60;
const REPEAT_MS = 10 * 60_000;

/**
 * Keyword capture outside the browser: the focused window's title (a document name, a chat
 * window, a search typed into an app) scanned by the shared engine. The same title and term
 * alert once per ten minutes, not once per poll.
 */
export class WindowTitleAlerts {
  private lastKey = '';
  private recent = new Map<string, number>();

  constructor(
    private engine: KeywordEngine,
    private readonly now: () => number = Date.now,
  ) {}

  setEngine(engine: KeywordEngine): void {
    this.engine = engine;
    this.recent.clear();
  }

  /** Alerts for this foreground window (empty when nothing matched or it was just reported). */
  check(win: ForegroundWindow | null): KeywordAlertEvent[] {
    if (!win || !win.title) return [];
    const key = `${win.process}\u0000${win.title}`;
    if (key === this.lastKey) return [];
    this.lastKey = key;
    const t = this.now();
    for (const [k, at] of this.recent) if (t - at > REPEAT_MS) this.recent.delete(k);
    const title = win.title.slice(0, 2_000);
    const out: KeywordAlertEvent[] = [];
    for (const m of this.engine.scan(title)) {
      const dedupe = `${key}\u0000${m.term}`;
      if (this.recent.has(dedupe)) continue;
      this.recent.set(dedupe, t);
      const from = Math.max(0, m.start - CONTEXT);
      const context = title.slice(from, Math.min(title.length, m.end + CONTEXT));
      out.push({
        id: randomId(),
        at: new Date(t).toISOString(),
        type: 'keyword_alert',
        user: win.user?.slice(0, 200),
        term: m.term.slice(0, 200),
        category: m.category,
        severity: m.severity,
        context,
        matchStart: m.start - from,
        matchEnd: m.end - from,
        source: 'window-title',
        title: title.slice(0, 500),
        app: win.process.slice(0, 200),
      });
    }
    return out;
  }
}
