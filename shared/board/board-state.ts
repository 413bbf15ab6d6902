import type { BoardGroupPolicy } from '../policy/board-section';
import type { BoardState } from '../protocol/events';

/**
 * Board mode's state machine. Pure: the extension's controller and the Windows agent feed it
 * the same signals and get the same answer.
 *
 * - display: this machine's own display topology says a board is attached (chrome.system.display)
 * - agent:   the Windows agent's monitor topology says so (native messaging)
 * - teacher: the teacher's explicit toggle in the popup (null = no choice made)
 * - collector: the DSL/IT's command from the dashboard (null = automatic)
 */
export type BoardReason = BoardState['reason'];
export type BoardSignalName = 'display' | 'agent' | 'teacher' | 'collector';

export interface BoardSignals {
  display: boolean;
  agent: boolean;
  teacher: boolean | null;
  collector: boolean | null;
  /** Who gave the teacher or collector instruction (staff name), for the timeline. */
  teacherBy?: string | undefined;
  collectorBy?: string | undefined;
}

export interface BoardResolution {
  on: boolean;
  reason: BoardReason;
  by?: string | undefined;
}

export const initialSignals = (): BoardSignals => ({ display: false, agent: false, teacher: null, collector: null });

function automatic(s: BoardSignals, p: BoardGroupPolicy): BoardResolution {
  if (p.designated) return { on: true, reason: 'designated' };
  if (p.triggers.display && s.display) return { on: true, reason: 'display', by: 'display' };
  if (p.triggers.display && s.agent) return { on: true, reason: 'agent', by: 'agent' };
  // A second display is attached but policy does not let displays decide.
  if (s.display || s.agent) return { on: false, reason: 'policy' };
  return { on: false, reason: 'display', by: 'display' };
}

/** Whether board mode is on, and why. Policy decides which signals count. */
export function resolveBoard(s: BoardSignals, p: BoardGroupPolicy): BoardResolution {
  if (p.triggers.collector && s.collector !== null) return { on: s.collector, reason: 'collector', by: s.collectorBy };
  const auto = automatic(s, p);
  if (!p.triggers.teacher || s.teacher === null) return auto;
  if (s.teacher) return { on: true, reason: 'teacher', by: s.teacherBy };
  if (auto.on && !p.teacherCanSwitchOff) return auto;
  return { on: false, reason: 'teacher', by: s.teacherBy };
}

export type ToggleAnswer = { accepted: true } | { accepted: false; message: string };

/** Whether a teacher's toggle would be obeyed, with the words to show when it would not. */
export function teacherToggle(s: BoardSignals, p: BoardGroupPolicy, on: boolean): ToggleAnswer {
  if (!p.triggers.teacher) return { accepted: false, message: 'Board mode on this device is set by the school, not from here.' };
  const now = resolveBoard(s, p);
  if (now.reason === 'collector' && now.on !== on) {
    return { accepted: false, message: `Board mode was set ${now.on ? 'on' : 'off'} by ${now.by ?? 'the school'} from the dashboard.` };
  }
  if (!on && now.on && !p.teacherCanSwitchOff && now.reason !== 'teacher') {
    return {
      accepted: false,
      message:
        now.reason === 'designated'
          ? 'This computer drives a classroom board, so board mode stays on.'
          : "The school's policy keeps board mode on while the board is projecting.",
    };
  }
  return { accepted: true };
}

/**
 * Apply one signal. A change of display topology clears the teacher's choice, so "switched on
 * early, then plugged in, then unplugged" ends with board mode off. `on: null` from the
 * collector means "back to automatic".
 */
export function withSignal(s: BoardSignals, signal: BoardSignalName, on: boolean | null, by?: string): BoardSignals {
  switch (signal) {
    case 'display':
    case 'agent': {
      const v = on === true;
      if (s[signal] === v) return s;
      return { ...s, [signal]: v, teacher: null, teacherBy: undefined };
    }
    case 'teacher':
      return { ...s, teacher: on, teacherBy: on === null ? undefined : by };
    case 'collector':
      return { ...s, collector: on, collectorBy: on === null ? undefined : by };
  }
}
