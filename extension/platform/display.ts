import type { DisplayUnit } from '../../shared/board/display-topology';

/**
 * Where the display list comes from. Chrome/ChromeOS: chrome.system.display (permission
 * "system.display"); tests use the fake in display-fake.ts, because headless Chromium always
 * reports a single display (browser-testing.md).
 */
export interface DisplaySource {
  read(): Promise<DisplayUnit[]>;
  /** Register at the worker's top level: onDisplayChanged wakes a stopped worker. */
  onChanged(listener: () => void): void;
}

export const chromeDisplaySource = (): DisplaySource => ({
  async read() {
    const units = await chrome.system.display.getInfo();
    return units.map((d) => ({
      id: d.id,
      name: d.name,
      isInternal: d.isInternal,
      isEnabled: d.isEnabled,
      isPrimary: d.isPrimary,
      mirroringSourceId: d.mirroringSourceId,
      mirroringDestinationIds: d.mirroringDestinationIds,
      isUnified: d.isUnified,
    }));
  },
  onChanged(listener) {
    chrome.system.display.onDisplayChanged.addListener(listener);
  },
});
