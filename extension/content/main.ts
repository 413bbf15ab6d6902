import { startCapture } from './capture';

/** Content script entry: light, and wired only to what must run inside the page. */
startCapture(document, (text, source) => {
  chrome.runtime.sendMessage({ type: 'typed', text, source }).catch(() => {
    // The worker is restarting (extension update): the next pause sends the text again.
  });
});
