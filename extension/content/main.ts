import { startCapture } from './capture';
import { mountConcernButton } from './concern-button';
import { searchQueryFrom } from './search-query';

/** Content script entry: light, and wired only to what must run inside the page. */
const sendTyped = (text: string, source: 'input' | 'editor' | 'search' | 'form' | 'url') => {
  chrome.runtime.sendMessage({ type: 'typed', text, source }).catch(() => {
    // The worker is restarting (extension update): the next pause sends the text again.
  });
};

startCapture(document, sendTyped);

if (window.top === window) {
  // A search made from the address bar or a link: the query in the results page's address.
  const query = searchQueryFrom(location.href);
  if (query) sendTyped(query, 'search');

  mountConcernButton(document, {
    send: async (report) => {
      const res = (await chrome.runtime.sendMessage({ type: 'concern', ...report })) as { ok?: boolean } | undefined;
      return res?.ok === true;
    },
    schoolName: async () => {
      const res = (await chrome.runtime.sendMessage({ type: 'concern_info' })) as { school?: string } | undefined;
      return res?.school;
    },
  });
}
