import type { RequestUpdateCheck } from '../background/update-check';

/** The browser's own update check of this extension against its update URL. */
export const chromeUpdateCheck: RequestUpdateCheck = async () => (await chrome.runtime.requestUpdateCheck()).status;
