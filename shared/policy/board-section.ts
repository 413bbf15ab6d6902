import { z } from 'zod';

/** Per-group board-mode settings (seed 002: no Google/YouTube on the board while projecting). */
export const BoardGroupPolicy = z.object({
  /** Which signals may turn board mode on for devices in this group. */
  triggers: z.object({
    display: z.boolean(),
    teacher: z.boolean(),
    collector: z.boolean(),
  }),
  /** Devices in this group are board PCs: board mode is always on. */
  designated: z.boolean(),
  /** Whether a teacher may switch board mode off while a display trigger says it is on. */
  teacherCanSwitchOff: z.boolean(),
  /** While projecting, open Google/Bing search is blocked, or sent to the kid-safe engine. */
  search: z.enum(['block', 'redirect']),
});
export type BoardGroupPolicy = z.infer<typeof BoardGroupPolicy>;

export const ApprovedVideo = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{11}$/, 'YouTube video ids are 11 characters'),
  title: z.string().min(1).max(200),
});
export type ApprovedVideo = z.infer<typeof ApprovedVideo>;

/**
 * A host name as browser rules take it (DNR requestDomains, URLBlocklist): lower case, no
 * scheme, port or path. A bad one is refused with this message when the policy is saved,
 * rather than breaking the whole rule update on every device later.
 */
export const BOARD_HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const BoardHost = z
  .string()
  .trim()
  .toLowerCase()
  .regex(BOARD_HOST, 'must be a host name such as newtube.example (no https://, port or path)');

export const BoardSchoolPolicy = z.object({
  approvedVideos: z.array(ApprovedVideo).max(500).default([]),
  /** Extra hosts to block while projecting (e.g. a new YouTube front-end). */
  extraBlockedHosts: z.array(BoardHost).max(500).default([]),
  /** Extra teaching hosts that must stay reachable while projecting. */
  extraAllowedHosts: z.array(BoardHost).max(500).default([]),
});
export type BoardSchoolPolicy = z.infer<typeof BoardSchoolPolicy>;

export const defaultBoardGroup = (role: 'pupil' | 'staff' | 'board'): BoardGroupPolicy => ({
  triggers: { display: true, teacher: role !== 'pupil', collector: true },
  designated: role === 'board',
  teacherCanSwitchOff: false,
  search: 'redirect',
});

export const defaultBoardSchool = (): BoardSchoolPolicy => ({
  approvedVideos: [],
  extraBlockedHosts: [],
  extraAllowedHosts: [],
});
