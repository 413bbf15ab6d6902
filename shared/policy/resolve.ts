import type { BoardGroupPolicy, BoardSchoolPolicy } from './board-section';
import type { KeywordPolicy } from './keywords-section';
import type { GroupPolicy, PolicyDocument, Role, Suspension } from './schema';
import type { SearchGroupPolicy, SearchSchoolPolicy } from './search-section';

/** What one device enforces: its group's settings merged with the school's. */
export interface EffectivePolicy {
  version: number;
  schoolId: string;
  groupId: string;
  role: Role;
  search: SearchGroupPolicy & SearchSchoolPolicy;
  board: BoardGroupPolicy & BoardSchoolPolicy;
  keywords: KeywordPolicy;
  /** Set when the signed-in user's internet access is suspended now. */
  suspension: Suspension | null;
}

export interface DeviceContext {
  /** Group from the collector's assignment or managed config. */
  group?: string | undefined;
  /** Role from managed config, used to pick a group when `group` is unknown. */
  role?: Role | undefined;
  /** Engine forced by managed config. */
  engine?: string | undefined;
  user?: string | undefined;
  now?: Date;
}

/**
 * Pick the group: the named one if the policy has it; otherwise the first group with the
 * managed role; otherwise "pupil". An unknown or missing group never loosens anything.
 */
export function pickGroup(doc: PolicyDocument, ctx: DeviceContext): [string, GroupPolicy] {
  if (ctx.group && doc.groups[ctx.group]) return [ctx.group, doc.groups[ctx.group]!];
  if (ctx.role) {
    const byRole = Object.entries(doc.groups).find(([, g]) => g.role === ctx.role);
    if (byRole) return byRole;
  }
  return ['pupil', doc.groups.pupil!];
}

export function activeSuspension(doc: PolicyDocument, user: string | undefined, now: Date): Suspension | null {
  if (!user) return null;
  const u = user.toLowerCase();
  return doc.suspensions.find((s) => s.user.toLowerCase() === u && Date.parse(s.until) > now.getTime()) ?? null;
}

export function resolvePolicy(doc: PolicyDocument, ctx: DeviceContext = {}): EffectivePolicy {
  const [groupId, group] = pickGroup(doc, ctx);
  return {
    version: doc.version,
    schoolId: doc.school.id,
    groupId,
    role: group.role,
    search: { ...group.search, ...(ctx.engine ? { engine: ctx.engine } : {}), ...doc.search },
    board: { ...group.board, ...doc.board },
    keywords: doc.keywords,
    suspension: activeSuspension(doc, ctx.user, ctx.now ?? new Date()),
  };
}
