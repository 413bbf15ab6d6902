import { DEFAULT_SCHOOL_HOURS } from './school-hours';
import { defaultBoardGroup, defaultBoardSchool } from './board-section';
import { defaultKeywordPolicy } from './keywords-section';
import type { GroupPolicy, PolicyDocument, Role } from './schema';
import { defaultSearchGroup, defaultSearchSchool } from './search-section';

export const defaultGroup = (role: Role, label: string): GroupPolicy => ({
  label,
  role,
  search: defaultSearchGroup(role),
  board: defaultBoardGroup(role),
});

/**
 * The safe default: what a device uses before it has ever heard from a collector, and what a
 * new school starts with. Pupils get kid-safe search; nothing is looser than this by accident.
 */
export function defaultPolicy(school = { id: 'default', name: 'School' }): PolicyDocument {
  return {
    schema: 1,
    version: 0,
    school,
    groups: {
      pupil: defaultGroup('pupil', 'Pupils'),
      staff: defaultGroup('staff', 'Staff'),
      board: defaultGroup('board', 'Classroom boards'),
    },
    search: defaultSearchSchool(),
    board: defaultBoardSchool(),
    keywords: defaultKeywordPolicy(),
    suspensions: [],
    retentionDays: 400,
    schoolHours: { ...DEFAULT_SCHOOL_HOURS, days: [...DEFAULT_SCHOOL_HOURS.days], closed: [] },
  };
}
