import type { EffectivePolicy } from '../../shared/policy/resolve';
import type { BoardState } from '../../shared/protocol/events';
import type { DisplayTopology } from '../platform/types';

export interface BoardInputs {
  effective: EffectivePolicy;
  topology: DisplayTopology | null;
  /** Configured as a board PC whose projector is always attached. */
  boardPc: boolean;
  /** A collector command in force ({on} until "board-auto"), if the group allows it. */
  collector: boolean | null;
}

/** More than one active monitor (duplicate or extend) means the PC is showing on the board. */
export const isProjecting = (t: DisplayTopology | null): boolean => !!t && (t.active > 1 || t.mode === 'duplicate' || t.mode === 'extend');

export function describeTopology(t: DisplayTopology | null): string {
  if (!t) return 'display topology unknown';
  return `${t.active} active display${t.active === 1 ? '' : 's'}${t.mode !== 'unknown' ? ` (${t.mode})` : ''}${t.outputs.length ? `: ${t.outputs.join(', ')}` : ''}`;
}

/**
 * Board mode for this PC (seed 002: no Google/YouTube on the board while projecting):
 * designated board PCs always; otherwise while projecting, if the group lets the display
 * trigger it; a collector command overrides while in force.
 */
export function decideBoard(i: BoardInputs): BoardState {
  const b = i.effective.board;
  if (b.designated) return { on: true, reason: 'designated' };
  if (i.collector !== null && b.triggers.collector) return { on: i.collector, reason: 'collector' };
  if (b.triggers.display && (isProjecting(i.topology) || i.boardPc)) return { on: true, reason: 'display' };
  return { on: false, reason: 'display' };
}
