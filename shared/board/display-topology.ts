/**
 * Is a board attached? Decided from the display list the platform reports
 * (chrome.system.display.getInfo() on ChromeOS/Chrome; the agent's monitor topology on
 * Windows). A second display, extended or mirrored, means a board or projector.
 */
export interface DisplayUnit {
  id: string;
  name?: string | undefined;
  isInternal?: boolean | undefined;
  isEnabled?: boolean | undefined;
  isPrimary?: boolean | undefined;
  /** Set on a display that mirrors another (ChromeOS mirror mode). */
  mirroringSourceId?: string | undefined;
  mirroringDestinationIds?: string[] | undefined;
  isUnified?: boolean | undefined;
}

export interface Topology {
  projecting: boolean;
  /** Words for the timeline: "2 displays (extended)", "mirrored", "1 display". */
  description: string;
}

export function displayTopology(displays: readonly DisplayUnit[]): Topology {
  const enabled = displays.filter((d) => d.isEnabled !== false);
  const mirrored = enabled.some((d) => !!d.mirroringSourceId || (d.mirroringDestinationIds?.length ?? 0) > 0);
  if (mirrored) return { projecting: true, description: `${enabled.length} display(s), mirrored` };
  if (enabled.some((d) => d.isUnified)) return { projecting: true, description: 'unified desktop across displays' };
  if (enabled.length >= 2) return { projecting: true, description: `${enabled.length} displays, extended` };
  return { projecting: false, description: enabled.length === 1 ? '1 display' : 'no display' };
}
