import { buildBoardRules, BOARD_RULE_ID_MAX, BOARD_RULE_ID_MIN } from '../../shared/board/board-rules';
import {
  initialSignals,
  resolveBoard,
  teacherToggle,
  withSignal,
  type BoardResolution,
  type BoardSignalName,
  type BoardSignals,
  type ToggleAnswer,
} from '../../shared/board/board-state';
import { randomId, type Outbox } from '../../shared/outbox/outbox';
import type { ApprovedVideo } from '../../shared/policy/board-section';
import type { EffectivePolicy } from '../../shared/policy/resolve';
import type { BoardChangeEvent } from '../../shared/protocol/events';
import { syncRuleRange, type DynamicRules } from '../platform/dnr';
import type { OpenTabs } from '../platform/open-tabs';
import type { KeyValueArea } from '../platform/storage';
import { sweepOpenTabs } from './board-sweep';

/** What the popup and the board page show, and the heartbeat reports. */
export interface BoardStatus extends BoardResolution {
  /** When board mode last switched on or off. */
  since: string | null;
  signals: BoardSignals;
  /** Whether a teacher's toggle to on/off would be obeyed now (the popup disables the other). */
  teacherCan: { on: boolean; off: boolean };
  approvedVideos: ApprovedVideo[];
}

export interface BoardControllerDeps {
  rules: DynamicRules;
  /** Remembers applied rules and the board state across worker restarts. */
  store: KeyValueArea;
  outbox: Outbox;
  /** Deliver queued events soon. */
  deliver: () => void;
  tabs: OpenTabs;
  policy: () => EffectivePolicy;
  user: () => string | undefined;
  extensionOrigin: string;
  log?: (msg: string, detail?: unknown) => void;
}

const RANGE = { name: 'board', min: BOARD_RULE_ID_MIN, max: BOARD_RULE_ID_MAX };
const K = { signals: 'board:signals', last: 'board:last' } as const;

interface Persisted {
  on: boolean;
  reason: BoardResolution['reason'];
  since: string;
}

/**
 * Board mode on this device: takes the signals (display, agent, teacher, collector), asks the
 * shared state machine what policy makes of them, and puts the answer in force: DNR rules,
 * a sweep of open tabs, and a board_change event for the collector's timeline on every switch.
 * Changes are applied one at a time, in order.
 */
export class BoardController {
  private signals: BoardSignals = initialSignals();
  private current: BoardResolution = { on: false, reason: 'startup' };
  private since: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private listeners = new Set<(s: BoardStatus) => void>();

  constructor(private readonly d: BoardControllerDeps) {}

  /**
   * Restore the teacher's, collector's and agent's signals and the last state after a worker
   * restart (MV3 stops idle workers), so a restart while projecting is not logged as a switch.
   * The display signal is not restored: the caller reads the displays again before applying.
   */
  async load(): Promise<void> {
    const [signals, last] = await Promise.all([this.d.store.get<BoardSignals>(K.signals), this.d.store.get<Persisted>(K.last)]);
    if (signals) {
      this.signals = {
        ...initialSignals(),
        agent: signals.agent === true,
        teacher: signals.teacher ?? null,
        collector: signals.collector ?? null,
        teacherBy: signals.teacherBy,
        collectorBy: signals.collectorBy,
      };
    }
    if (last) {
      this.current = { on: last.on, reason: last.reason };
      this.since = last.since;
    }
  }

  onChange(l: (s: BoardStatus) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get status(): BoardStatus {
    const p = this.d.policy().board;
    return {
      ...this.current,
      since: this.since,
      signals: { ...this.signals },
      teacherCan: { on: teacherToggle(this.signals, p, true).accepted, off: teacherToggle(this.signals, p, false).accepted },
      approvedVideos: p.approvedVideos,
    };
  }

  /** One signal changed (`on: null` from teacher/collector = back to automatic). Resolves once in force. */
  setSignal(signal: BoardSignalName, on: boolean | null, by?: string): Promise<BoardStatus> {
    return this.run(async () => {
      this.signals = withSignal(this.signals, signal, on, by);
      if (signal !== 'display') {
        const { agent, teacher, collector, teacherBy, collectorBy } = this.signals;
        await this.d.store.set({ [K.signals]: { agent, teacher, collector, teacherBy, collectorBy } });
      }
      await this.apply();
    });
  }

  /** The popup's toggle: obeyed only where policy lets a teacher choose. */
  async teacherToggle(on: boolean, by: string | undefined): Promise<ToggleAnswer & { status: BoardStatus }> {
    const answer = teacherToggle(this.signals, this.d.policy().board, on);
    if (!answer.accepted) return { ...answer, status: this.status };
    return { accepted: true, status: await this.setSignal('teacher', on, by) };
  }

  /** Policy or user changed: the rules (hosts, approved videos) and the state may change. */
  refresh(): Promise<BoardStatus> {
    return this.run(() => this.apply());
  }

  private lastError: string | null = null;

  private run(step: () => Promise<void>): Promise<BoardStatus> {
    const next = this.chain.then(step).then(() => this.status);
    this.chain = next.then(
      () => (this.lastError = null),
      (err) => this.failed(err),
    );
    return next;
  }

  /** Never silent: a board state that could not be put in force reaches the collector (once per cause). */
  private async failed(err: unknown): Promise<void> {
    const detail = `board mode could not be applied: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1000);
    this.d.log?.(detail);
    if (detail === this.lastError) return;
    this.lastError = detail;
    await this.d.outbox.add({ id: randomId(), at: new Date().toISOString(), type: 'tamper', kind: 'other', detail }).catch(() => undefined);
    this.d.deliver();
  }

  private async apply(): Promise<void> {
    const policy = this.d.policy();
    const next = resolveBoard(this.signals, policy.board);
    const before = this.current;
    await syncRuleRange(this.d.rules, this.d.store, RANGE, next.on ? buildBoardRules(policy, this.d.extensionOrigin) : []);
    this.current = next;
    if (next.on !== before.on) {
      const at = new Date().toISOString();
      this.since = at;
      await this.d.store.set({ [K.last]: { on: next.on, reason: next.reason, since: at } satisfies Persisted });
      const event: BoardChangeEvent = { id: randomId(), at, type: 'board_change', user: this.d.user(), on: next.on, reason: next.reason, by: next.by };
      await this.d.outbox.add(event);
      this.d.deliver();
      if (next.on) await sweepOpenTabs(this.d.tabs, policy, this.d.extensionOrigin);
    }
    for (const l of this.listeners) l(this.status);
  }
}
