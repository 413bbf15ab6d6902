import path from 'node:path';
import { compileKeywords } from '../../shared/keywords/engine';
import { Outbox, randomId } from '../../shared/outbox/outbox';
import { defaultPolicy } from '../../shared/policy/defaults';
import { resolvePolicy, type EffectivePolicy } from '../../shared/policy/resolve';
import type { PolicyDocument } from '../../shared/policy/schema';
import type { BoardState, DeviceEvent, HeartbeatEvent, TamperEvent } from '../../shared/protocol/events';
import type { Command } from '../../shared/protocol/messages';
import { NativeBridge } from '../native/bridge';
import type { BrowserProcesses, DisplaySource, DisplayTopology, ForegroundWindow, IdentitySource, PolicyWriter, WindowTitleSource } from '../platform/types';
import { AgentStateFile, type SavedState } from './agent-state';
import { decideBoard, describeTopology } from './board-mode';
import { computeBrowserPolicies } from './browser-policies';
import { AgentCollectorLink } from './collector-link';
import { DEFAULT_EXTENSION_ID, type AgentConfig } from './config';
import { ExtensionWatch } from './extension-watch';
import { FileOutboxStore } from './file-outbox-store';
import { PolicyEnforcer } from './policy-enforcer';
import { WindowTitleAlerts } from './window-title-alerts';

export interface AgentPlatform {
  policy: PolicyWriter;
  display: DisplaySource & { watch?(cb: () => void): () => void };
  windows: WindowTitleSource;
  browsers: BrowserProcesses;
  identity: IdentitySource;
}

export interface AgentTimings {
  displayPollMs: number;
  titlePollMs: number;
  policyVerifyMs: number;
  heartbeatMs: number;
  extensionCheckMs: number;
}

export interface AgentOptions {
  config: AgentConfig;
  platform: AgentPlatform;
  version: string;
  dataDir: string;
  socketPath: string;
  timings?: Partial<AgentTimings>;
  maxOutboxItems?: number;
  /** Overrides config.extensionMissingMinutes (tests). */
  extensionGraceMs?: number;
  log?: (msg: string) => void;
}

const DEFAULT_TIMINGS: AgentTimings = {
  displayPollMs: 2_000,
  titlePollMs: 2_000,
  policyVerifyMs: 15_000,
  heartbeatMs: 5 * 60_000,
  extensionCheckMs: 60_000,
};

/**
 * The endpoint agent: enforces browser policy, runs board mode from the display topology,
 * captures keywords in window titles, talks to the extension over native messaging and to the
 * collector over the shared protocol, with every event in a durable outbox first.
 */
export class Agent {
  readonly outbox: Outbox;
  readonly store: FileOutboxStore;
  readonly bridge: NativeBridge;
  readonly enforcer: PolicyEnforcer;
  link!: AgentCollectorLink;
  private readonly stateFile: AgentStateFile;
  private saved: SavedState;
  private timers: ReturnType<typeof setInterval>[] = [];
  private unwatch: (() => void) | null = null;
  private titles: WindowTitleAlerts;
  private extWatch: ExtensionWatch;
  private topology: DisplayTopology | null = null;
  private collectorBoard: boolean | null = null;
  private user: string | undefined;
  board: BoardState = { on: false, reason: 'startup' };
  effective: EffectivePolicy;
  private readonly t: AgentTimings;
  private readonly log: (msg: string) => void;
  private stopped = false;

  constructor(private readonly o: AgentOptions) {
    this.t = { ...DEFAULT_TIMINGS, ...o.timings };
    this.log = o.log ?? ((m) => process.stderr.write(`[esafety-agent] ${m}\n`));
    this.stateFile = new AgentStateFile(path.join(o.dataDir, 'state.json'));
    this.saved = this.stateFile.load();
    this.store = new FileOutboxStore(path.join(o.dataDir, 'outbox.jsonl'));
    this.outbox = new Outbox(this.store, { maxItems: o.maxOutboxItems ?? 20_000 });
    this.bridge = new NativeBridge(
      o.socketPath,
      this.log,
      Date.now,
      () => void this.setExtensionPresent(true),
      (w) => void this.onWindow({ title: w.title, process: w.process, user: w.user }).catch((err) => this.log(String(err))),
    );
    this.enforcer = new PolicyEnforcer(o.platform.policy, (kind, detail) => void this.tamper(kind, detail), this.log);
    this.effective = this.resolve();
    this.titles = new WindowTitleAlerts(compileKeywords(this.effective.keywords));
    this.extWatch = new ExtensionWatch(o.extensionGraceMs ?? (o.config.extensionMissingMinutes ?? 10) * 60_000);
  }

  private get policyDoc(): PolicyDocument {
    return this.saved.policy ?? defaultPolicy();
  }

  private resolve(): EffectivePolicy {
    const c = this.o.config;
    return resolvePolicy(this.policyDoc, { group: c.group ?? (c.role ? undefined : this.saved.group), role: c.role, engine: c.engine, user: this.user });
  }

  get deviceId(): string | null {
    return this.link?.deviceId ?? null;
  }

  async start(): Promise<void> {
    const { platform, config } = this.o;
    await this.outbox.load();
    for (const p of this.store.problems) await this.tamper('other', p);
    this.user = await platform.windows.interactiveUser().catch(() => undefined);
    this.effective = this.resolve();
    this.topology = await platform.display.read().catch((err) => {
      this.displayError = String(err);
      this.log(`could not read the display topology: ${this.displayError}`);
      return null;
    });
    this.board = decideBoard(this.inputs());
    await this.enforce();
    await this.bridge.listen();
    this.publishIdentity();
    this.bridge.publish({ type: 'board', on: this.board.on, reason: this.board.reason });
    if (this.board.on) await this.queue(this.boardEvent());
    const titleReason = await platform.windows.unavailableReason().catch((e) => String(e));
    if (titleReason) this.log(`window-title capture unavailable: ${titleReason}`);

    this.link = new AgentCollectorLink({
      collectorUrl: config.collectorUrl,
      enrolmentToken: config.enrolmentToken,
      version: this.o.version,
      hardwareId: await platform.identity.machineId().catch(() => 'unknown'),
      deviceName: config.deviceName ?? platform.identity.hostName(),
      group: () => config.group ?? config.role,
      user: () => this.user,
      policyVersion: () => this.policyDoc.version,
      credentials: this.saved.credentials,
      saveCredentials: (credentials) => {
        this.saved = { ...this.saved, credentials };
        this.stateFile.save(this.saved);
        this.publishIdentity();
      },
      outbox: this.outbox,
      onPolicy: (msg) => void this.onPolicy(msg.policy, msg.group),
      onCommand: (c) => void this.onCommand(c),
      log: this.log,
    });
    this.link.start();

    if (platform.display.watch) this.unwatch = platform.display.watch(() => void this.refreshDisplay());
    else this.every(this.t.displayPollMs, () => this.refreshDisplay());
    if (!titleReason) this.every(this.t.titlePollMs, () => this.checkTitle());
    this.every(this.t.policyVerifyMs, () => this.enforcer.verify().then(() => undefined));
    this.every(this.t.heartbeatMs, () => this.queue(this.heartbeat()));
    this.every(this.t.extensionCheckMs, () => this.checkExtension());
    await this.queue(this.heartbeat());
  }

  private every(ms: number, fn: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || this.stopped) return;
      busy = true;
      fn()
        .catch((err) => this.log(String(err)))
        .finally(() => (busy = false));
    }, ms);
    this.timers.push(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.unwatch?.();
    this.link?.stop();
    await this.bridge.close();
    this.store.close();
  }

  private inputs() {
    return { effective: this.effective, topology: this.topology, boardPc: !!this.o.config.boardPc, collector: this.collectorBoard };
  }

  private policySet() {
    const c = this.o.config;
    const extensionConfig: Record<string, unknown> = {};
    for (const k of ['collectorUrl', 'enrolmentToken', 'group', 'role', 'engine', 'allowInsecureTransport'] as const) {
      if (c[k] !== undefined) extensionConfig[k] = c[k];
    }
    return computeBrowserPolicies({
      effective: this.effective,
      boardOn: this.board.on,
      extensionPresent: this.saved.extensionPresent,
      extension: { id: c.extensionId ?? DEFAULT_EXTENSION_ID, updateUrl: c.extensionUpdateUrl, config: extensionConfig },
    });
  }

  private enforce(): Promise<void> {
    return this.enforcer.apply(this.policySet()).catch((err) => this.tamper('other', `could not write browser policy: ${String(err)}`));
  }

  /** Re-decide board mode; on a change: push to the extension first (instant), then policy and report. */
  private async updateBoard(): Promise<void> {
    const next = decideBoard(this.inputs());
    if (next.on === this.board.on && next.reason === this.board.reason) return;
    const switched = next.on !== this.board.on;
    this.board = next;
    this.bridge.publish({ type: 'board', on: next.on, reason: next.reason });
    await this.enforce();
    if (switched) await this.queue(this.boardEvent());
  }

  private boardEvent(): DeviceEvent {
    return {
      id: randomId(),
      at: new Date().toISOString(),
      type: 'board_change',
      user: this.user,
      on: this.board.on,
      reason: this.board.reason,
      by: describeTopology(this.topology).slice(0, 200),
    };
  }

  private displayError: string | undefined;

  async refreshDisplay(): Promise<void> {
    try {
      this.topology = await this.o.platform.display.read();
      if (this.displayError) this.log('display topology readable again');
      this.displayError = undefined;
    } catch (err) {
      // Said once per distinct problem, not every poll.
      if (String(err) !== this.displayError) this.log(`could not read the display topology: ${String(err)}`);
      this.displayError = String(err);
      return;
    }
    await this.updateBoard();
  }

  private async checkTitle(): Promise<void> {
    await this.onWindow(await this.o.platform.windows.foreground());
  }

  /** A focused window, from this process's own source or the per-user title helper. */
  private async onWindow(win: ForegroundWindow | null): Promise<void> {
    if (win && !win.user) win.user = this.user;
    if (win?.user && win.user !== this.user) {
      this.user = win.user;
      this.publishIdentity();
    }
    const alerts = this.titles.check(win);
    if (alerts.length) await this.queue(...alerts);
  }

  private async checkExtension(): Promise<void> {
    const browsers = await this.o.platform.browsers.running();
    const detail = this.extWatch.check(browsers, this.bridge.connections);
    if (detail) {
      await this.tamper('extension_missing', detail);
      await this.setExtensionPresent(false); // policy blocks search pages again
    }
  }

  /** Remembered across restarts: whether search pages are left to the extension or blocked by policy. */
  private async setExtensionPresent(present: boolean): Promise<void> {
    if (!!this.saved.extensionPresent === present) return;
    this.saved = { ...this.saved, extensionPresent: present };
    this.stateFile.save(this.saved);
    this.log(present ? 'extension connected: search pages left to its redirect' : 'extension missing: search pages blocked by policy');
    await this.enforce();
  }

  private publishIdentity(): void {
    this.bridge.publish({
      type: 'identity',
      deviceId: this.deviceId,
      hostName: this.o.platform.identity.hostName().slice(0, 200),
      ...(this.user ? { user: this.user.slice(0, 200) } : {}),
      agentVersion: this.o.version,
    });
  }

  private async onPolicy(policy: PolicyDocument, group: string | undefined): Promise<void> {
    this.saved = { ...this.saved, policy, group };
    this.stateFile.save(this.saved);
    this.effective = this.resolve();
    this.titles.setEngine(compileKeywords(this.effective.keywords));
    await this.updateBoard();
    await this.enforce();
  }

  private async onCommand(c: Command): Promise<void> {
    if (c.kind === 'board') this.collectorBoard = c.on;
    else if (c.kind === 'board-auto') this.collectorBoard = null;
    else if (c.kind === 'sync') await this.link.flush();
    await this.updateBoard();
  }

  async tamper(kind: TamperEvent['kind'], detail: string): Promise<void> {
    this.log(`tamper ${kind}: ${detail}`);
    await this.queue({ id: randomId(), at: new Date().toISOString(), type: 'tamper', kind, detail: detail.slice(0, 1000), user: this.user });
  }

  /** Durably queue, report any eviction (never silent), and deliver soon. */
  async queue(...events: DeviceEvent[]): Promise<void> {
    await this.outbox.add(...events);
    const evicted = this.outbox.evicted;
    if (evicted > 0) {
      this.outbox.evicted = 0;
      await this.outbox.add({
        id: randomId(),
        at: new Date().toISOString(),
        type: 'tamper',
        kind: 'outbox_evicted',
        detail: `${evicted} queued event${evicted === 1 ? '' : 's'} dropped (lowest severity, oldest first): the outbox was full after a long time offline`,
      });
    }
    this.link?.flushSoon();
  }

  heartbeat(): HeartbeatEvent {
    return {
      id: randomId(),
      at: new Date().toISOString(),
      type: 'heartbeat',
      user: this.user,
      kind: 'agent',
      version: this.o.version,
      policyVersion: this.policyDoc.version,
      role: this.effective.role,
      board: this.board,
      outboxDepth: this.outbox.depth,
    };
  }
}
