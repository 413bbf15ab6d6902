/**
 * Service worker entry: wires features together and nothing else. Every listener is
 * registered synchronously at top level (MV3: events that wake a stopped worker are only
 * delivered to listeners registered in the first turn), then each awaits one `ready` promise.
 */
import { Outbox, randomId } from '../../shared/outbox/outbox';
import type { HeartbeatEvent, TamperEvent } from '../../shared/protocol/events';
import { chromeDynamicRules, countingRules } from '../platform/dnr';
import { pickDisplaySource } from '../platform/display-testable';
import { chromeInjectContent } from '../platform/inject-content';
import { chromeOpenTabs } from '../platform/open-tabs';
import { signedInUser } from '../platform/identity';
import { onManagedConfigChanged, readManagedConfig } from '../platform/managed';
import { storageOutboxStore } from '../platform/outbox-store';
import { localArea, sessionArea } from '../platform/storage';
import { chromeUpdateCheck } from '../platform/updates';
import { AgentLink } from './agent-link';
import { BoardController } from './board-controller';
import { followDisplays, handleAgentMessage, handleBoardCommand, listenForBoardMessages } from './board-messages';
import { boardTestHooks } from './board-test-hooks';
import { CollectorLink } from './collector-link';
import { reportConcern } from './concern';
import { injectIntoOpenTabs } from './reinject';
import { chromeTabCapture } from './concern-screenshot';
import { DeviceState } from './device-state';
import { KeywordAlerts } from './keyword-alerts';
import { RuntimeMessage, type DeviceStatus } from './messages';
import { applySearchRules, searchStatus } from './search-rules';
import { applySuspension } from './suspension';
import { installTestHooks } from './test-hooks';
import { UpdateCheck } from './update-check';

const VERSION = chrome.runtime.getManifest().version;
const local = localArea();
const session = sessionArea();
const rules = countingRules(chromeDynamicRules());
const state = new DeviceState(local);
const outbox = new Outbox(storageOutboxStore(local));
const capture = chromeTabCapture((msg, detail) => console.info('[esafety]', msg, detail ?? ''));
const alerts = new KeywordAlerts(outbox, session, state.snapshot.effective.keywords, capture);
const updates = new UpdateCheck({ installed: VERSION, request: chromeUpdateCheck, area: local, log: (msg) => console.info('[esafety]', msg) });
const link = new CollectorLink({
  state,
  outbox,
  version: VERSION,
  onCommand: (command) => {
    if (!handleBoardCommand(board, command)) console.info('[esafety] command', command);
  },
  onExtensionVersion: (version) => void ready.then(() => updates.announced(version)),
  log: (msg, detail) => console.info('[esafety]', msg, detail ?? ''),
});
const displays = pickDisplaySource();
const board = new BoardController({
  rules,
  store: local,
  outbox,
  // A heartbeat with the switch keeps the collector's device list (board on/off) current at once.
  deliver: () => void queue(heartbeat()),
  tabs: chromeOpenTabs(),
  policy: () => state.snapshot.effective,
  user: () => state.snapshot.user,
  extensionOrigin: chrome.runtime.getURL('').replace(/\/+$/, ''),
  log: (msg, detail) => console.error('[esafety]', msg, detail ?? ''),
});

// Per-user suspension (seed 004): block everything until it ends, then wake up and lift it.
const enforceSuspension = async () => {
  const s = state.snapshot;
  const { until } = await applySuspension(rules, local, s.policy, s.user, s.managed.collectorUrl);
  if (until) await chrome.alarms.create('suspension-end', { when: until + 1000 });
  else await chrome.alarms.clear('suspension-end');
};

// Windows/Linux PCs: the agent pushes board state, the Windows user and its identity.
const agent = new AgentLink({
  version: VERSION,
  onMessage: (msg) =>
    void ready.then(() => {
      if (msg.type === 'board') handleAgentMessage(board, msg);
      else if (msg.user && !state.snapshot.user) state.setUser(msg.user);
    }),
  log: (msg) => console.info('[esafety]', msg),
});
agent.connect();

// Policy enforcement runs one change at a time, in order.
let enforcing: Promise<unknown> = Promise.resolve();
const enforce = () => {
  const effective = state.snapshot.effective;
  enforcing = enforcing
    .then(() => applySearchRules(rules, local, effective))
    .then(() => enforceSuspension())
    .catch((err) => console.error('[esafety] could not apply rules', err));
  alerts.setPolicy(effective.keywords);
  return enforcing;
};

state.onChange((now, before) => {
  if (now.effective !== before.effective) {
    void enforce();
    void ready.then(() => board.refresh());
  }
  if (now.managed.collectorUrl !== before.managed.collectorUrl) {
    link.reset();
    void link.ensureConnected();
  }
});

async function queue(...events: (TamperEvent | HeartbeatEvent)[]): Promise<void> {
  await outbox.add(...events);
  link.flushSoon();
}

function heartbeat(): HeartbeatEvent {
  const s = state.snapshot;
  const evicted = outbox.evicted;
  outbox.evicted = 0;
  return {
    id: randomId(),
    at: new Date().toISOString(),
    type: 'heartbeat',
    user: s.user,
    kind: 'extension',
    version: VERSION,
    policyVersion: s.policy.version,
    role: s.effective.role,
    board: { on: board.status.on, reason: board.status.reason },
    outboxDepth: outbox.depth,
    ...(evicted ? { outboxEvicted: evicted } : {}),
  };
}

async function loadManaged(): Promise<void> {
  const { config, problems } = await readManagedConfig();
  state.setManaged(config, problems);
  const real = problems.filter((p) => !p.startsWith('managed storage unavailable'));
  if (real.length) {
    await queue({ id: randomId(), at: new Date().toISOString(), type: 'tamper', kind: 'managed_config_invalid', detail: real.join('; ').slice(0, 1000) });
  }
}

// onDisplayChanged is registered now (top level); changes are applied once `ready` has resolved.
const checkDisplays = followDisplays(board, displays.source, () => ready);
const ready: Promise<void> = (async () => {
  await state.load();
  await loadManaged();
  state.setUser(await signedInUser());
  await enforce();
  await board.load();
  await checkDisplays();
  await chrome.alarms.create('heartbeat', { periodInMinutes: 5, delayInMinutes: 0.1 });
  await chrome.alarms.create('connect', { periodInMinutes: 1 });
  void link.ensureConnected();
})();

chrome.runtime.onInstalled.addListener((details) => {
  void ready;
  if (details.reason !== 'install' && details.reason !== 'update') return;
  void injectIntoOpenTabs(chromeOpenTabs(), chromeInjectContent()).then(
    (r) => console.info('[esafety] content script run in open tabs', r),
    (err) => console.error('[esafety] could not reach open tabs', err),
  );
});
chrome.runtime.onStartup.addListener(() => void ready);
// A new version from the school's update manifest waits until the worker is idle, which the held
// collector WebSocket never allows: restart into it now (the outbox is in storage, nothing is lost).
chrome.runtime.onUpdateAvailable.addListener(() => chrome.runtime.reload());

chrome.alarms.onAlarm.addListener((alarm) => {
  void ready.then(async () => {
    if (alarm.name === 'heartbeat') await queue(heartbeat());
    if (alarm.name === 'suspension-end') await enforce();
    if (alarm.name === 'connect') {
      agent.retry();
      await link.ensureConnected();
      if (!link.isOpen) await link.pullPolicy();
      await link.flush();
    }
  });
});

onManagedConfigChanged(() => void ready.then(loadManaged));

chrome.runtime.onMessage.addListener((raw, sender, sendResponse) => {
  const parsed = RuntimeMessage.safeParse(raw);
  if (!parsed.success) return false;
  const msg = parsed.data;
  void ready.then(async () => {
    if (msg.type === 'typed') {
      const queued = await alerts.onTyped(msg, { url: sender.tab?.url ?? sender.url, title: sender.tab?.title, user: state.snapshot.user, tab: sender.tab });
      if (queued.length) link.flushSoon();
      sendResponse({ alerts: queued.length });
    } else if (msg.type === 'concern') {
      const ok = await reportConcern(msg, sender.tab, { outbox, capture, user: () => state.snapshot.user }).then(
        () => true,
        (err) => (console.error('[esafety] could not queue a concern', err), false),
      );
      if (ok) link.flushSoon();
      sendResponse({ ok });
    } else if (msg.type === 'concern_info') {
      sendResponse({ school: state.snapshot.policy.school?.name });
    } else if (msg.type === 'status') {
      const s = state.snapshot;
      const status: DeviceStatus = {
        enrolled: !!s.credentials,
        deviceId: s.credentials?.deviceId ?? null,
        collectorUrl: s.managed.collectorUrl ?? null,
        connected: s.connected,
        role: s.effective.role,
        group: s.effective.groupId,
        engine: s.effective.search.engine,
        policyVersion: s.policy.version,
        lastSync: s.lastSync ?? null,
        lastError: link.lastError ?? null,
        outboxDepth: outbox.depth,
        managedProblems: s.managedProblems,
        user: s.user ?? null,
        board: board.status,
        search: searchStatus(s.effective),
      };
      sendResponse(status);

    }
  });
  return true; // keep the channel open for the async response
});

listenForBoardMessages(board, ready, () => state.snapshot.user);

installTestHooks({ state, outbox, link, ready, rules, enforce, extra: () => ({ board: boardTestHooks(board, displays.fake) }) });
