import { z } from 'zod';

/**
 * Protocol version spoken between devices (extension, agent) and the collector.
 * Bump when a message changes shape incompatibly; the collector answers an unknown
 * version with a clear "update the device" error instead of guessing.
 */
export const PROTOCOL_VERSION = 1 as const;
export const SUPPORTED_PROTOCOL_VERSIONS = [1] as const;

/** A client-generated id: what makes ingest idempotent (a re-sent event is stored once). */
export const ClientId = z
  .string()
  .min(8, 'id must be at least 8 characters')
  .max(64, 'id must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'id may only use letters, digits, "_" and "-"');

/**
 * ISO-8601 timestamp, with "Z" or an offset; read as the same instant in UTC as
 * Date.prototype.toISOString() writes it ("2026-10-01T00:30:00+01:00" becomes
 * "2026-09-30T23:30:00.000Z"), so stored times compare and sort as strings, and a report's
 * period (a range of UTC instants) holds exactly the alerts inside it.
 */
export const Timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time' })
  .transform((s, ctx) => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) {
      ctx.issues.push({ code: 'custom', message: 'must be an ISO-8601 date-time', input: s });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  });

export const DeviceKind = z.enum(['extension', 'agent']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const Severity = z.number().int().min(1).max(5);
export type Severity = z.infer<typeof Severity>;

/** Short free text a pupil or page controls: bounded so nobody can fill the store. */
export const shortText = (max: number) => z.string().max(max, `must be at most ${max} characters`);

export const Url = z.string().min(1).max(4096, 'URL must be at most 4096 characters');

/** A JPEG/PNG screenshot as a data URL, bounded (about 1.5 MB of image). */
export const Screenshot = z
  .string()
  .max(2_000_000, 'screenshot must be at most 2,000,000 characters')
  .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/, 'screenshot must be a base64 image data URL');
