import { parseManagedConfig, type ManagedConfigResult } from '../../shared/policy/managed-config';

/**
 * Managed configuration set by IT (admin console / enterprise policy). Read in one place,
 * validated field by field, and never throws: on any failure the safe default applies.
 */
export async function readManagedConfig(): Promise<ManagedConfigResult> {
  try {
    return parseManagedConfig(await chrome.storage.managed.get(null));
  } catch (err) {
    // Not managed (e.g. a developer's unpacked copy): no configuration, which means pupil.
    return { config: {}, problems: [`managed storage unavailable: ${String(err)}`] };
  }
}

/** Call `listener` whenever IT changes the managed configuration (applies without restart). */
export function onManagedConfigChanged(listener: () => void): void {
  chrome.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') listener();
  });
}
