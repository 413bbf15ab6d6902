import { z } from 'zod';
import { describeZodError } from '../../shared/protocol/format';
import type { Collector } from '../collector';
import type { Mailer } from '../email/mailer';
import type { DashboardStore } from '../store/dashboard-types';
import { HttpError } from './errors';

/** What the dashboard routes share: the collector, the dashboard's store and the mailer. */
export interface Dashboard {
  c: Collector;
  store: DashboardStore;
  mailer: Mailer;
  /** The address links in e-mails point at. */
  publicUrl(): string;
}

export const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, 'bad_request', describeZodError(r.error));
  return r.data;
};
