import type { DisplayUnit } from '../../shared/board/display-topology';
import type { FakeDisplaySource } from '../platform/display-fake';
import type { BoardController } from './board-controller';

/**
 * Board mode's part of `__esafetyTest` (test build only): drive the fake display list as if
 * a board were plugged in, and wait until the resulting state is in force.
 */
export function boardTestHooks(board: BoardController, fake: FakeDisplaySource | null) {
  const untilState = (on: boolean, timeoutMs = 10_000) =>
    new Promise<boolean>((resolve) => {
      if (board.status.on === on) return resolve(true);
      const timer = setTimeout(() => (off(), resolve(false)), timeoutMs);
      const off = board.onChange((s) => {
        if (s.on === on) {
          clearTimeout(timer);
          off();
          resolve(true);
        }
      });
    });
  return {
    status: () => board.status,
    /** Resolves once every change queued so far (signals, policy) is in force. */
    settle: () => board.refresh(),
    /** Plug a second display in (true) or take it out (false); resolves once the rules are applied. */
    setProjecting: async (projecting: boolean, mirrored = false) => {
      if (!fake) throw new Error('no fake display source in this build');
      const displays: DisplayUnit[] = [{ id: 'internal', name: 'Built-in display', isInternal: true, isEnabled: true, isPrimary: true }];
      if (projecting) displays.push({ id: 'board', name: 'Classroom board', isInternal: false, isEnabled: true, ...(mirrored ? { mirroringSourceId: 'internal' } : {}) });
      fake.set(displays);
      return untilState(projecting);
    },
    setSignal: (signal: 'display' | 'agent' | 'teacher' | 'collector', on: boolean | null, by?: string) => board.setSignal(signal, on, by),
  };
}
