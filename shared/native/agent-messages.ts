import { z } from 'zod';
import { BoardState } from '../protocol/events';

/**
 * Native messaging between the Windows/Linux agent and the extension (Chrome's stdio host
 * protocol: 4-byte little-endian length, then UTF-8 JSON; at most 1 MB from the host).
 * The agent knows what a browser cannot: the PC's display topology (board mode), the
 * interactive Windows user and the machine's device identity.
 */
export const NATIVE_HOST_NAME = 'uk.esafety.agent';
/** Chrome's limit on one message from a native host to the browser. */
export const NATIVE_MAX_TO_BROWSER = 1024 * 1024;

export const AgentBoardMessage = z.object({
  type: z.literal('board'),
  on: z.boolean(),
  reason: BoardState.shape.reason,
});

export const AgentIdentityMessage = z.object({
  type: z.literal('identity'),
  /** The agent's collector device id (null until it has enrolled). */
  deviceId: z.string().max(100).nullable(),
  hostName: z.string().max(200),
  /** The interactive user signed in to the PC (DOMAIN\\user on Windows). */
  user: z.string().max(200).optional(),
  agentVersion: z.string().max(40),
});

export const AgentToExtension = z.discriminatedUnion('type', [AgentBoardMessage, AgentIdentityMessage]);
export type AgentToExtension = z.infer<typeof AgentToExtension>;

export const ExtensionToAgent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), extensionVersion: z.string().max(40), extensionId: z.string().max(64).optional() }),
  z.object({ type: z.literal('ping') }),
]);
export type ExtensionToAgent = z.infer<typeof ExtensionToAgent>;
