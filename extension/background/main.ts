/**
 * Service worker entry: wires features together and nothing else. Every listener is
 * registered synchronously at top level (MV3: events that wake a stopped worker are only
 * delivered to listeners registered in the first turn), then each awaits one `ready` promise.
 */
import { Outbox, randomId } from '../../shared/outbox/outbox';
import type { HeartbeatEvent, TamperEvent } from '../../shared/protocol/events';
import { chromeDynamicRules } from '../platform/dnr';
import { signedInUser } from '../platform/identity';
import { onManagedConfigChanged, readManagedConfig } from '../platform/managed';
import { storageOutboxStore } from '../platform/outbox-store';
import { localArea, sessionArea } from '../platform/storage';
import { CollectorLink } from './collector-link';
import { DeviceState } from './device-state';
import { KeywordAlerts } from './keyword-alerts';
import { RuntimeMessage, type DeviceStatus } from './messages';
import { applySearchRules } from './search-rules';
import { installTestHooks } from './test-hooks';

const VERSION = chrome.runtime.getManifest().version;
const local = localArea();
const session = sessionArea();
const rules = chromeDynamicRules();
const state = new DeviceState(local);
const outbox = new Outbox(storageOutboxStore(local));
const alerts = new KeywordAlerts(outbox, session, state.snapshot.effective.keywords);
const link = new CollectorLink({
  state,
  outbox,
  version: VERSION,
  onCommand: (command) => console.info('[esafety] command', command),
  log: (msg, detail) => console.info('[esafety]', msg, detail ?? ''),
});

// Policy enforcement runs one change at a time, in order.
let enforcing: Promise<unknown> = Promise.resolve();
const enforce = () => {
  const effective = state.snapshot.effective;
  enforcing = enforcing
    .then(() => applySearchRules(rules, local, effective))
    .catch((err) => console.error('[esafety] could not apply rules', err));
  alerts.setPolicy(effective.keywords);
  return enforcing;
};

state.onChange((now, before) => {
  if (now.effective !== before.effective) void enforce();
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
    board: { on: false, reason: 'startup' },
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

const ready: Promise<void> = (async () => {
  await state.load();
  await loadManaged();
  state.setUser(await signedInUser());
  await enforce();
  await chrome.alarms.create('heartbeat', { periodInMinutes: 5, delayInMinutes: 0.1 });
  await chrome.alarms.create('connect', { periodInMinutes: 1 });
  void link.ensureConnected();
})();

chrome.runtime.onInstalled.addListener(() => void ready);
chrome.runtime.onStartup.addListener(() => void ready);

chrome.alarms.onAlarm.addListener((alarm) => {
  void ready.then(async () => {
    if (alarm.name === 'heartbeat') await queue(heartbeat());
    if (alarm.name === 'connect') {
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
      const queued = await alerts.onTyped(msg, { url: sender.tab?.url ?? sender.url, title: sender.tab?.title, user: state.snapshot.user });
      if (queued.length) link.flushSoon();
      sendResponse({ alerts: queued.length });
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
        board: { on: false, reason: 'startup' },
      };
      sendResponse(status);
    }
  });
  return true; // keep the channel open for the async response
});

installTestHooks({ state, outbox, link, ready });
