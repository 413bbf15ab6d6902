import { z } from 'zod';
import { Category } from './categories';
import { ClientId, DeviceKind, Screenshot, Severity, Timestamp, Url, shortText } from './common';

/**
 * Events a device records and delivers through its outbox. Each carries a client id (so
 * ingest is idempotent) and the time it happened on the device (so an alert queued for an
 * offline day keeps its original time).
 */
const base = {
  id: ClientId,
  at: Timestamp,
  /** The signed-in user where the platform knows it (ChromeOS profile, Windows session). */
  user: shortText(200).optional(),
};

export const BoardState = z.object({
  on: z.boolean(),
  /** Why board mode is in this state. */
  reason: z.enum(['display', 'designated', 'teacher', 'collector', 'policy', 'agent', 'startup']),
});
export type BoardState = z.infer<typeof BoardState>;

export const HeartbeatEvent = z.object({
  ...base,
  type: z.literal('heartbeat'),
  kind: DeviceKind,
  version: shortText(40),
  policyVersion: z.number().int().min(0),
  role: z.enum(['pupil', 'staff', 'board']),
  board: BoardState,
  /** Queue depth on the device: a growing number means delivery trouble. */
  outboxDepth: z.number().int().min(0).optional(),
  /** Number of events evicted from a full outbox since the last heartbeat (never silent). */
  outboxEvicted: z.number().int().min(0).optional(),
});

export const KeywordAlertEvent = z.object({
  ...base,
  type: z.literal('keyword_alert'),
  term: shortText(200).min(1),
  category: Category,
  severity: Severity,
  /** The matched text with about 60 characters either side (never a full keystroke log). */
  context: shortText(600),
  /** Offsets of the match inside `context`. */
  matchStart: z.number().int().min(0),
  matchEnd: z.number().int().min(0),
  /** Where it was typed: a page, an address-bar search, a window title outside the browser. */
  source: z.enum(['input', 'editor', 'search', 'form', 'window-title', 'url']),
  url: Url.optional(),
  title: shortText(500).optional(),
  /** Process name when captured from a window title by the agent. */
  app: shortText(200).optional(),
  screenshot: Screenshot.optional(),
  /** Content-free de-duplication id (a hash of site, term and matched text; never the text). */
  dedupeId: z.string().regex(/^[a-f0-9]{16,64}$/, 'dedupeId must be 16-64 hex digits').optional(),
}).refine((e) => e.matchEnd >= e.matchStart && e.matchEnd <= e.context.length, {
  message: 'matchStart/matchEnd must lie inside context',
  path: ['matchEnd'],
});

export const ConcernEvent = z.object({
  ...base,
  type: z.literal('concern'),
  /** "Report a concern" / Turn off and Tell: what the pupil chose to say, if anything. */
  message: shortText(2000).optional(),
  url: Url.optional(),
  title: shortText(500).optional(),
  screenshot: Screenshot.optional(),
});

export const UrlReportEvent = z.object({
  ...base,
  type: z.literal('url_report'),
  url: Url,
  /** "unsuitable" (should have been blocked) or "overblocked" (needed for teaching). */
  kind: z.enum(['unsuitable', 'overblocked']),
  message: shortText(1000).optional(),
});

export const BlockedEvent = z.object({
  ...base,
  type: z.literal('blocked'),
  url: Url,
  rule: z.enum(['search', 'board', 'circumvention', 'suspended', 'policy']),
  target: Url.optional(),
});

export const BoardChangeEvent = z.object({
  ...base,
  type: z.literal('board_change'),
  on: z.boolean(),
  reason: BoardState.shape.reason,
  /** Who caused it, where known (teacher name, staff account, "display"). */
  by: shortText(200).optional(),
});

export const TamperEvent = z.object({
  ...base,
  type: z.literal('tamper'),
  kind: z.enum([
    'extension_disabled',
    'extension_missing',
    'policy_edited',
    'policy_deleted',
    'managed_config_invalid',
    'native_host_missing',
    'storage_edited',
    'outbox_evicted',
    'other',
  ]),
  detail: shortText(1000),
});

export const DeviceEvent = z.discriminatedUnion('type', [
  HeartbeatEvent,
  KeywordAlertEvent,
  ConcernEvent,
  UrlReportEvent,
  BlockedEvent,
  BoardChangeEvent,
  TamperEvent,
]);
export type DeviceEvent = z.infer<typeof DeviceEvent>;
export type DeviceEventType = DeviceEvent['type'];
export type HeartbeatEvent = z.infer<typeof HeartbeatEvent>;
export type KeywordAlertEvent = z.infer<typeof KeywordAlertEvent>;
export type ConcernEvent = z.infer<typeof ConcernEvent>;
export type UrlReportEvent = z.infer<typeof UrlReportEvent>;
export type BlockedEvent = z.infer<typeof BlockedEvent>;
export type BoardChangeEvent = z.infer<typeof BoardChangeEvent>;
export type TamperEvent = z.infer<typeof TamperEvent>;
