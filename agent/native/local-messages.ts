import { z } from 'zod';
import { ExtensionToAgent } from '../../shared/native/agent-messages';

/**
 * What the per-user title helper (agent title-helper, started at logon in the user's session)
 * reports over the agent's local pipe: the focused window. The service runs in session 0 and
 * cannot see the user's desktop itself.
 */
export const WindowReport = z.object({
  type: z.literal('window'),
  title: z.string().max(2_000),
  process: z.string().max(260),
  user: z.string().max(200).optional(),
});
export type WindowReport = z.infer<typeof WindowReport>;

/** Everything a local client (native host for the extension, title helper) may send. */
export const LocalClientMessage = z.union([ExtensionToAgent, WindowReport]);
