import type { InjectContent } from '../background/reinject';

/** The manifest's content script, run in every frame of a tab (permission "scripting"). */
export function chromeInjectContent(): InjectContent {
  const files = chrome.runtime.getManifest().content_scripts?.flatMap((c) => c.js ?? []) ?? [];
  return async (tabId) => {
    if (files.length === 0) return;
    await chrome.scripting.executeScript({ target: { tabId, allFrames: true }, files });
  };
}
