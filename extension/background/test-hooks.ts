import type { Outbox } from '../../shared/outbox/outbox';
import type { CollectorLink } from './collector-link';
import type { DeviceState } from './device-state';

declare const __ESAFETY_TEST_HOOKS__: boolean;

export interface TestHookDeps {
  state: DeviceState;
  outbox: Outbox;
  link: CollectorLink;
  ready: Promise<void>;
  /** The counted rules wrapper (platform/dnr.ts countingRules). */
  rules?: { updates: number };
  /** Re-apply the current policy's rules (a no-op for the browser when nothing changed). */
  enforce?: () => Promise<unknown>;
  /** Feature hooks (e.g. board mode's), only built when hooks are compiled in. */
  extra?: () => Record<string, unknown>;
}

/**
 * End-to-end tests drive the worker through `globalThis.__esafetyTest`. Compiled only into the
 * test build (`vite build --mode test`); in a production build `__ESAFETY_TEST_HOOKS__` is the
 * literal false and this whole body is removed, so nothing here ships enabled.
 */
export function installTestHooks(deps: TestHookDeps): void {
  if (!__ESAFETY_TEST_HOOKS__) return;
  (globalThis as Record<string, unknown>).__esafetyTest = {
    ready: () => deps.ready,
    snapshot: () => deps.state.snapshot,
    outboxDepth: async () => {
      await deps.outbox.load();
      return deps.outbox.depth;
    },
    flush: () => deps.link.flush(),
    /** Apply a policy document as if the collector had pushed it. */
    setPolicy: (policy: Parameters<DeviceState['setPolicy']>[0], group?: string) => deps.state.setPolicy(policy, group),
    dnrUpdates: () => deps.rules?.updates ?? -1,
    enforce: () => deps.enforce?.(),
    /** Headless Chromium has no signed-in profile: tests say who the user is. */
    setUser: (user: string | undefined) => deps.state.setUser(user),
    ...deps.extra?.(),
  };
}
