import { z } from 'zod';
import { ClientId, DeviceKind, Timestamp, shortText } from './common';
import { DeviceEvent } from './events';
import { PolicyDocument } from '../policy/schema';
import { EXTENSION_VERSION } from './version';

/** Largest batch a device may send; the outbox never builds a bigger one. */
export const MAX_BATCH_EVENTS = 500;
/** Largest single message (WebSocket frame or HTTP body) the collector accepts. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

const v = z.literal(1, { error: 'unsupported protocol version: this device must be updated' });

// ---------- enrolment (HTTP) ----------

export const EnrolRequest = z.object({
  v,
  token: z.string().min(16).max(200),
  kind: DeviceKind,
  version: shortText(40),
  /** A stable hardware id where the platform has one (node-machine-id, ChromeOS directory id). */
  hardwareId: shortText(200).optional(),
  name: shortText(200).optional(),
  /** The policy group the device's managed configuration asks for. */
  group: shortText(64).optional(),
  user: shortText(200).optional(),
});
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z.object({
  v,
  deviceId: z.string(),
  secret: z.string(),
  schoolId: z.string(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

// ---------- device -> collector ----------

export const HelloMessage = z.object({
  v,
  type: z.literal('hello'),
  kind: DeviceKind,
  version: shortText(40),
  policyVersion: z.number().int().min(0),
  group: shortText(64).optional(),
  user: shortText(200).optional(),
});

export const EventsMessage = z.object({
  v,
  type: z.literal('events'),
  batchId: ClientId,
  events: z.array(DeviceEvent).min(1).max(MAX_BATCH_EVENTS),
});

/** Keeps the socket (and an MV3 service worker, Chrome 116+) alive; answered with pong, never stored. */
export const PingMessage = z.object({ v, type: z.literal('ping') });

export const DeviceMessage = z.discriminatedUnion('type', [HelloMessage, EventsMessage, PingMessage]);
export type DeviceMessage = z.infer<typeof DeviceMessage>;
export type HelloMessage = z.infer<typeof HelloMessage>;
export type EventsMessage = z.infer<typeof EventsMessage>;

// ---------- collector -> device ----------

export const WelcomeMessage = z.object({
  v,
  type: z.literal('welcome'),
  deviceId: z.string(),
  serverTime: Timestamp,
});

export const AckMessage = z.object({
  v,
  type: z.literal('ack'),
  batchId: ClientId,
  /** Ids durably stored (including ones already stored before: a re-sent batch). */
  stored: z.array(z.string()),
  /** Ids refused with a reason; a device must not re-send these. */
  rejected: z.array(z.object({ id: z.string(), error: z.string() })),
});

export const PolicyMessage = z.object({
  v,
  type: z.literal('policy'),
  policy: PolicyDocument,
  /** The group the collector assigned this device to (overrides managed config). */
  group: shortText(64).optional(),
  /**
   * The extension version this collector publishes (its update manifest's). An extension on an
   * older version asks its browser to check for updates now instead of within a few hours.
   */
  extensionVersion: z.string().regex(EXTENSION_VERSION).optional(),
});

export const Command = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('board'), on: z.boolean(), by: shortText(200).optional() }),
  z.object({ kind: z.literal('board-auto'), by: shortText(200).optional() }),
  z.object({ kind: z.literal('sync') }),
]);
export type Command = z.infer<typeof Command>;

export const CommandMessage = z.object({
  v,
  type: z.literal('command'),
  id: ClientId,
  command: Command,
});

export const ErrorMessage = z.object({
  v,
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  /** The batch this error refuses (not stored, not acknowledged: send it again later). */
  batchId: ClientId.optional(),
  /** rate_limited: wait at least this long before sending again. */
  retryAfterMs: z.number().int().min(0).optional(),
});

export const PongMessage = z.object({ v, type: z.literal('pong') });

export const CollectorMessage = z.discriminatedUnion('type', [
  WelcomeMessage,
  PongMessage,
  AckMessage,
  PolicyMessage,
  CommandMessage,
  ErrorMessage,
]);
export type CollectorMessage = z.infer<typeof CollectorMessage>;
export type AckMessage = z.infer<typeof AckMessage>;
export type PolicyMessage = z.infer<typeof PolicyMessage>;
export type CommandMessage = z.infer<typeof CommandMessage>;

/** WebSocket subprotocol: the version, and a bearer credential (browsers cannot set headers). */
export const WS_SUBPROTOCOL = 'esafety.v1';
export const WS_AUTH_PREFIX = 'bearer.';
export const wsProtocols = (deviceId: string, secret: string): string[] => [
  WS_SUBPROTOCOL,
  `${WS_AUTH_PREFIX}${deviceId}.${secret}`,
];

/** WebSocket close codes the collector uses (4000-4999 are application codes). */
export const CloseCode = {
  unauthorised: 4401,
  revoked: 4403,
  badMessage: 4400,
  tooLarge: 1009,
  rateLimited: 4429,
  unsupportedVersion: 4426,
  replaced: 4409,
  shuttingDown: 1001,
} as const;
