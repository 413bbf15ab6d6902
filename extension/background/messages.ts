import { z } from 'zod';
import type { BoardStatus } from './board-controller';

/** Messages from content scripts and extension pages to the service worker. */
export const TypedTextMessage = z.object({
  type: z.literal('typed'),
  /** The text of one field (bounded by the content script). */
  text: z.string().max(20_000),
  source: z.enum(['input', 'editor', 'search', 'form', 'url']),
});

export const StatusRequest = z.object({ type: z.literal('status') });

/** "Report a concern" from the button on a page (see extension/background/concern.ts). */
export const ConcernMessage = z.object({
  type: z.literal('concern'),
  message: z.string().max(2000).optional(),
  /** Attach a picture of the tab the pupil is on. */
  screenshot: z.boolean(),
});
export const ConcernInfoRequest = z.object({ type: z.literal('concern_info') });

export const RuntimeMessage = z.discriminatedUnion('type', [TypedTextMessage, StatusRequest, ConcernMessage, ConcernInfoRequest]);
export type RuntimeMessage = z.infer<typeof RuntimeMessage>;
export type TypedTextMessage = z.infer<typeof TypedTextMessage>;
export type ConcernMessage = z.infer<typeof ConcernMessage>;

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
  board: BoardStatus;
  /** What search does on this device, resolved (custom engines included) for the pages. */
  search?: SearchStatus;
}

export interface SearchStatus {
  mode: 'redirect' | 'safesearch' | 'off';
  engineName: string;
  engineHome: string;
  /** The engine's web search URL with `{q}` for the query. */
  engineWeb: string;
  startPage: 'extension' | 'engine' | 'browser';
  youtubeRestrict: 'off' | 'moderate' | 'strict';
}
