import { startCapture } from './capture';
import { mountConcernButton } from './concern-button';
import { searchQueryFrom } from './search-query';

/**
 * Content script entry: light, and wired only to what must run inside the page.
 *
 * One live copy per frame. Besides the manifest, the worker runs this script in tabs already
 * open when the extension is installed or updated (background/reinject.ts), where a page may
 * hold an older copy whose connection to the extension is gone. That copy stops itself the
 * first time it cannot reach the extension, and its concern button is replaced here; a second
 * run while a live copy is there does nothing.
 */
interface Running {
  alive(): boolean;
}
const KEY = '__esafetyContent';
const slot = globalThis as unknown as Record<string, Running | undefined>;

/** Does this copy still belong to an installed extension? (An updated one's old copies do not.) */
const connected = (): boolean => {
  try {
    return !!chrome.runtime?.id;
  } catch {
    return false;
  }
};

function start(): Running {
  const stops: (() => void)[] = [];
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const s of stops) s();
  };
  /** Send to the worker; false (and this copy stops) once the extension it belonged to is gone. */
  const send = <T>(message: object): Promise<T | undefined> => {
    if (!connected()) {
      stop();
      return Promise.resolve(undefined);
    }
    try {
      return chrome.runtime.sendMessage(message) as Promise<T>;
    } catch (err) {
      if (!connected()) stop();
      return Promise.reject(err);
    }
  };
  const sendTyped = (text: string, source: 'input' | 'editor' | 'search' | 'form' | 'url') => {
    send({ type: 'typed', text, source }).catch(() => {
      // The worker is restarting (extension update): the next pause sends the text again.
    });
  };

  stops.push(startCapture(document, sendTyped));

  if (window.top === window) {
    // A search made from the address bar or a link: the query in the results page's address.
    const query = searchQueryFrom(location.href);
    if (query) sendTyped(query, 'search');

    // An orphaned copy's button (it cannot send anything any more) makes way for this one.
    for (const old of document.querySelectorAll('[data-esafety="concern"]')) old.remove();
    stops.push(
      mountConcernButton(document, {
        send: async (report) => (await send<{ ok?: boolean }>({ type: 'concern', ...report }))?.ok === true,
        schoolName: async () => (await send<{ school?: string }>({ type: 'concern_info' }))?.school,
      }),
    );
  }
  return { alive: () => !stopped && connected() };
}

if (!slot[KEY]?.alive()) slot[KEY] = start();
