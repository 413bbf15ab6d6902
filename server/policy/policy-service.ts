import { defaultPolicy } from '../../shared/policy/defaults';
import { PolicyDocument } from '../../shared/policy/schema';
import type { SchoolHours } from '../../shared/policy/school-hours';
import { describeZodError } from '../../shared/protocol/format';
import { HttpError } from '../http/errors';
import type { Logger } from '../log';
import { PolicyVersionConflict, type Store } from '../store/types';

export interface PolicyChange {
  by: string;
  /** Seed 004: every change to the filtering policy is logged with a reason / risk assessment. */
  reason: string;
}

type Listener = (schoolId: string, doc: PolicyDocument) => void;

/** The school's current policy, its versioned history, and who to tell when it changes. */
export class PolicyService {
  private listeners = new Set<Listener>();
  private cache = new Map<string, PolicyDocument>();

  constructor(
    private readonly store: Store,
    private readonly log?: Logger,
  ) {}

  onChange(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  async current(schoolId: string): Promise<PolicyDocument> {
    const cached = this.cache.get(schoolId);
    if (cached) return cached;
    const row = await this.store.getPolicy(schoolId);
    if (row) {
      const doc = this.upgrade(schoolId, row.doc);
      this.cache.set(schoolId, doc);
      return doc;
    }
    const schools = await this.store.listSchools();
    const school = schools.find((s) => s.id === schoolId);
    return defaultPolicy({ id: schoolId, name: school?.name ?? 'School' });
  }

  /**
   * The school's hours from its current policy (null: none set): what reports' calendars and
   * device silence follow.
   */
  async schoolHours(schoolId: string): Promise<SchoolHours | null> {
    return (await this.current(schoolId)).schoolHours;
  }

  /** Validate and save a new version; returns it. `doc.version` is assigned here. */
  async update(schoolId: string, input: unknown, change: PolicyChange): Promise<PolicyDocument> {
    if (!change.reason.trim()) throw new HttpError(422, 'reason_required', 'a reason for the policy change is required');
    const parsed = PolicyDocument.safeParse(input);
    if (!parsed.success) throw new HttpError(422, 'invalid_policy', `invalid policy: ${describeZodError(parsed.error)}`);
    if (parsed.data.school.id !== schoolId) throw new HttpError(403, 'wrong_school', 'policy belongs to another school');
    const current = await this.store.getPolicy(schoolId);
    const version = (current?.version ?? 0) + 1;
    const doc: PolicyDocument = { ...parsed.data, version };
    try {
      await this.store.savePolicy({
        schoolId,
        version,
        doc,
        createdAt: new Date().toISOString(),
        createdBy: change.by,
        reason: change.reason.trim(),
      });
    } catch (err) {
      if (err instanceof PolicyVersionConflict) {
        this.invalidate(schoolId);
        throw new HttpError(409, 'policy_conflict', 'someone else changed the policy at the same moment: reload it and make your change again');
      }
      throw err;
    }
    this.cache.set(schoolId, doc);
    for (const l of this.listeners) l(schoolId, doc);
    return doc;
  }

  /**
   * Suspend a user's internet access until a time (seed 004): a new policy version carrying the
   * suspension, pushed to every device; devices block everything for that user until then.
   * Expired suspensions are dropped from the document at the same time.
   */
  async suspend(schoolId: string, s: { user: string; until: string; reason: string }, by: string): Promise<PolicyDocument> {
    if (Date.parse(s.until) <= Date.now()) throw new HttpError(422, 'until_in_past', 'a suspension must end in the future');
    this.invalidate(schoolId);
    const current = await this.current(schoolId);
    const now = Date.now();
    const kept = current.suspensions.filter((x) => x.user !== s.user && Date.parse(x.until) > now);
    return this.update(schoolId, { ...current, suspensions: [...kept, s] }, { by, reason: `Suspend ${s.user} until ${s.until}: ${s.reason}` });
  }

  /** End a user's suspension early; a new version, with who and why. */
  async lift(schoolId: string, user: string, reason: string, by: string): Promise<PolicyDocument> {
    this.invalidate(schoolId);
    const current = await this.current(schoolId);
    if (!current.suspensions.some((x) => x.user === user)) throw new HttpError(404, 'not_suspended', `${user} is not suspended`);
    return this.update(schoolId, { ...current, suspensions: current.suspensions.filter((x) => x.user !== user) }, { by, reason: `Lift suspension of ${user}: ${reason}` });
  }

  /**
   * A stored version is read through today's schema, so a policy saved by an older collector
   * gets the defaults of every field added since (e.g. `schoolHours.closed`, `retentionDays`)
   * before the jobs, the dashboard and the devices see it. One that today's schema refuses
   * (a limit tightened since) is used as stored, as before, and logged: refusing it would
   * leave the school's devices without a policy.
   */
  private upgrade(schoolId: string, stored: PolicyDocument): PolicyDocument {
    const parsed = PolicyDocument.safeParse(stored);
    if (parsed.success) return parsed.data;
    this.log?.warn('stored policy does not match this version\'s schema; used as stored', { school: schoolId, version: stored.version, problem: describeZodError(parsed.error) });
    return stored;
  }

  /** Forget cached copies (another instance changed the policy). */
  invalidate(schoolId: string): void {
    this.cache.delete(schoolId);
  }
}
