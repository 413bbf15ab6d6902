import { z } from 'zod';
import { displayTopology } from '../../shared/board/display-topology';
import type { Command } from '../../shared/protocol/messages';
import type { DisplaySource } from '../platform/display';
import type { BoardController } from './board-controller';

/** Messages extension pages (popup, board page) send about board mode. */
export const BoardRuntimeMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('board-status') }),
  z.object({ type: z.literal('board-toggle'), on: z.boolean() }),
]);
export type BoardRuntimeMessage = z.infer<typeof BoardRuntimeMessage>;

/**
 * What the Windows agent's native messaging host sends when the PC's monitor topology
 * changes: `{type:'board', on}`. The agent's extension-side client (agent-link) passes each
 * message it receives to `handleAgentMessage`.
 */
export const AgentBoardMessage = z.object({ type: z.literal('board'), on: z.boolean() });

/** Feed one native-messaging message from the agent; false if it was not a board message. */
export function handleAgentMessage(board: BoardController, raw: unknown): boolean {
  const msg = AgentBoardMessage.safeParse(raw);
  if (!msg.success) return false;
  void board.setSignal('agent', msg.data.on, 'agent');
  return true;
}

/** A collector command (DSL/IT from the dashboard); false if it was not about board mode. */
export function handleBoardCommand(board: BoardController, command: Command): boolean {
  if (command.kind === 'board') {
    void board.setSignal('collector', command.on, command.by ?? 'the school');
    return true;
  }
  if (command.kind === 'board-auto') {
    void board.setSignal('collector', null);
    return true;
  }
  return false;
}

/**
 * Follow the display topology. Registers the change listener now (call at the worker's top
 * level: onDisplayChanged wakes a stopped worker); returns `check`, which reads the displays
 * and applies the result: call it once at startup, after `board.load()`.
 */
export function followDisplays(board: BoardController, displays: DisplaySource, ready: () => Promise<void>): () => Promise<void> {
  const check = async () => {
    let units;
    try {
      units = await displays.read();
    } catch (err) {
      // Unknown topology: keep the last display signal (and every other signal) in force.
      console.error('[esafety] could not read the displays', String(err));
      await board.refresh().catch(() => undefined);
      return;
    }
    const t = displayTopology(units);
    // A failure to apply is logged and reported by the controller; startup must go on.
    await board.setSignal('display', t.projecting, t.description).catch(() => undefined);
  };
  displays.onChanged(() => void ready().then(check));
  return check;
}

/**
 * Popup and board page messages. Only the extension's own pages may toggle board mode: a
 * message from a content script (any web page's frame) is ignored.
 */
export function listenForBoardMessages(board: BoardController, ready: Promise<void>, user: () => string | undefined): void {
  const origin = chrome.runtime.getURL('');
  chrome.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    const parsed = BoardRuntimeMessage.safeParse(raw);
    if (!parsed.success) return false;
    if (sender.id !== chrome.runtime.id || !sender.url?.startsWith(origin)) return false;
    const msg = parsed.data;
    void ready.then(async () => {
      if (msg.type === 'board-status') sendResponse(board.status);
      else sendResponse(await board.teacherToggle(msg.on, user() ?? 'teacher (popup)'));
    });
    return true;
  });
}
