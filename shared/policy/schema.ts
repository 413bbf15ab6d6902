import { z } from 'zod';
import { BoardGroupPolicy, BoardSchoolPolicy } from './board-section';
import { KeywordPolicy } from './keywords-section';
import { DEFAULT_SCHOOL_HOURS, SchoolHours } from './school-hours';
import { SearchGroupPolicy, SearchSchoolPolicy } from './search-section';

export const Role = z.enum(['pupil', 'staff', 'board']);
export type Role = z.infer<typeof Role>;

export const GroupId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'group id: lower-case letters, digits and "-"');

export const GroupPolicy = z.object({
  label: z.string().min(1).max(80),
  role: Role,
  search: SearchGroupPolicy,
  board: BoardGroupPolicy,
});
export type GroupPolicy = z.infer<typeof GroupPolicy>;

/** Seed 004: "Internet access can be suspended for a user for a period". */
export const Suspension = z.object({
  user: z.string().min(1).max(200),
  until: z.iso.datetime({ offset: true }),
  reason: z.string().min(1).max(500),
});
export type Suspension = z.infer<typeof Suspension>;

/**
 * The school's policy document: one per school, versioned by the collector on every change
 * (with who/when/why kept in the change log, not here). Devices resolve it for their group.
 */
export const PolicyDocument = z
  .object({
    schema: z.literal(1),
    version: z.number().int().min(0),
    school: z.object({
      id: z.string().min(1).max(64),
      name: z.string().min(1).max(200),
    }),
    groups: z.record(GroupId, GroupPolicy),
    search: SearchSchoolPolicy,
    board: BoardSchoolPolicy,
    keywords: KeywordPolicy,
    suspensions: z.array(Suspension).max(5_000).default([]),
    /** Days alerts and events are kept before the retention job removes them. */
    retentionDays: z.number().int().min(30).max(3650).default(400),
    /** When the school is open; null = always (see school-hours.ts). */
    schoolHours: SchoolHours.nullable().default(DEFAULT_SCHOOL_HOURS),
  })
  .refine((doc) => 'pupil' in doc.groups, {
    message: 'a policy must define the "pupil" group (the fail-closed default)',
    path: ['groups'],
  });
export type PolicyDocument = z.infer<typeof PolicyDocument>;
