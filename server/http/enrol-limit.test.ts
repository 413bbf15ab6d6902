import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../../test/support/staff-client';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TEST_ENROLMENT_TOKEN } from '../../test/support/collector-process';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';

/**
 * Enrolment-token guessing over real HTTP, at the default limit (20 wrong tokens per address
 * per 15 minutes). TRUST_PROXY lets one loopback client speak for several addresses, the way
 * a reverse proxy in front of the collector does.
 */
let c: RunningCollector;
beforeAll(async () => {
  c = await startCollector({ env: { TRUST_PROXY: '1' } });
});
afterAll(() => c.stop());

const enrolFrom = (ip: string, token: string) =>
  fetch(`${c.url}/api/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ v: 1, token, kind: 'extension', version: '0.1.0', name: 'Y5-Chromebook' }),
  });

describe('enrolment: wrong tokens limited per address', () => {
  it('the defaults are 20 wrong tokens per 15 minutes', () => {
    expect(c.collector.config.ENROL_FAILURES_PER_IP).toBe(20);
    expect(c.collector.config.ENROL_FAILURE_WINDOW_SECONDS).toBe(900);
  });

  it('a guesser gets 20 × 401, then 429 with Retry-After and a clear error — even for the right token', async () => {
    const guesser = '203.0.113.9';
    for (let i = 0; i < 20; i++) {
      const res = await enrolFrom(guesser, `guess-${String(i).padStart(16, '0')}`);
      expect(res.status, `guess ${i}`).toBe(401);
      expect((await res.json()).error).toBe('bad_token');
    }
    const limited = await enrolFrom(guesser, 'guess-0000000000000099');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    const body = await limited.json();
    expect(body).toEqual({ error: 'enrol_rate_limited', message: expect.stringMatching(/too many wrong enrolment tokens from this address; try again in \d+ s/) });
    // A right guess now must not be told apart from a wrong one.
    const right = await enrolFrom(guesser, TEST_ENROLMENT_TOKEN);
    expect(right.status).toBe(429);
  });

  it('a school enrolling 300 devices through one NAT address is never limited, even with some wrong tokens among them', async () => {
    const nat = '10.20.30.40';
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) {
      // 19 misconfigured devices along the way: one short of the limit.
      if (i % 16 === 0 && i / 16 < 19) statuses.push((await enrolFrom(nat, 'an-old-mistyped-token-0000')).status);
      statuses.push((await enrolFrom(nat, TEST_ENROLMENT_TOKEN)).status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(19);
    expect(statuses.filter((s) => s === 201)).toHaveLength(300);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
  });

  it('other addresses are unaffected, and the refusals show in the collector stats', async () => {
    expect((await enrolFrom('198.51.100.7', TEST_ENROLMENT_TOKEN)).status).toBe(201);
    const staff = await new StaffClient(c.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const { counters } = await staff.api<{ counters: Record<string, number> }>('GET', '/api/collector/stats');
    expect(counters).toMatchObject({ 'enrol.bad_token': 39, 'enrol.rate_limited': 2, 'enrol.ok': 301, 'http.429.enrol_rate_limited': 2 });
  });
});
