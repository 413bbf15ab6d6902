import type { Outbox } from '../../shared/outbox/outbox';
import type { CollectorLink } from './collector-link';
import type { DeviceState } from './device-state';

declare const __ESAFETY_TEST_HOOKS__: boolean;

export interface TestHookDeps {
  state: DeviceState;
  outbox: Outbox;
  link: CollectorLink;
  ready: Promise<void>;
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
  };
}
