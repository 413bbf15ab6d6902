import { z } from 'zod';

/** Messages from content scripts and extension pages to the service worker. */
export const TypedTextMessage = z.object({
  type: z.literal('typed'),
  /** The text of one field (bounded by the content script). */
  text: z.string().max(20_000),
  source: z.enum(['input', 'editor', 'search', 'form', 'url']),
});

export const StatusRequest = z.object({ type: z.literal('status') });

export const RuntimeMessage = z.discriminatedUnion('type', [TypedTextMessage, StatusRequest]);
export type RuntimeMessage = z.infer<typeof RuntimeMessage>;
export type TypedTextMessage = z.infer<typeof TypedTextMessage>;

/** What the popup shows. */
export interface DeviceStatus {
  enrolled: boolean;
  deviceId: string | null;
  collectorUrl: string | null;
  connected: boolean;
  role: string;
  group: string;
  engine: string;
  policyVersion: number;
  lastSync: string | null;
  lastError: string | null;
  outboxDepth: number;
  managedProblems: string[];
  user: string | null;
  board: { on: boolean; reason: string };
}
