import { chromeDisplaySource, type DisplaySource } from './display';
import { FakeDisplaySource } from './display-fake';

declare const __ESAFETY_TEST_HOOKS__: boolean;

/**
 * The display source the worker uses: chrome.system.display in production; in the test build
 * a fake the end-to-end tests drive through the test hook. `__ESAFETY_TEST_HOOKS__` is the
 * literal false in production, so the fake is never reachable there.
 */
export function pickDisplaySource(): { source: DisplaySource; fake: FakeDisplaySource | null } {
  if (__ESAFETY_TEST_HOOKS__) {
    const fake = new FakeDisplaySource();
    return { source: fake, fake };
  }
  return { source: chromeDisplaySource(), fake: null };
}
