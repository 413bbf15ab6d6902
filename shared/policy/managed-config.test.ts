import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './defaults';
import { parseManagedConfig } from './managed-config';
import { resolvePolicy } from './resolve';

describe('managed configuration', () => {
  it('with nothing set, the device is a pupil device on kid-safe search (fail closed)', () => {
    const { config, problems } = parseManagedConfig(undefined);
    expect(problems).toEqual([]);
    const p = resolvePolicy(defaultPolicy(), { group: config.group, role: config.role });
    expect(p.role).toBe('pupil');
    expect(p.search.mode).toBe('redirect');
  });

  it('keeps good values and names each bad one', () => {
    const { config, problems } = parseManagedConfig({ collectorUrl: 'not a url', role: 'staff', group: 'Bad Group!', colour: 'red' });
    expect(config).toEqual({ role: 'staff' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/collectorUrl/);
    expect(problems.join('\n')).toMatch(/group/);
    expect(problems.join('\n')).toMatch(/unknown managed setting "colour"/);
  });

  it('refuses plain http to a remote collector unless explicitly allowed', () => {
    expect(parseManagedConfig({ collectorUrl: 'http://collector.school.example' }).config.collectorUrl).toBeUndefined();
    expect(parseManagedConfig({ collectorUrl: 'http://127.0.0.1:8470' }).config.collectorUrl).toBe('http://127.0.0.1:8470');
    expect(parseManagedConfig({ collectorUrl: 'http://c.example', allowInsecureTransport: true }).config.collectorUrl).toBe('http://c.example');
  });

  it('an unknown group falls back to pupil, never to something looser', () => {
    const p = resolvePolicy(defaultPolicy(), { group: 'no-such-group' });
    expect(p.groupId).toBe('pupil');
  });

  it('is not an object: ignored with a problem', () => {
    expect(parseManagedConfig('x').problems).toEqual(['managed configuration is not an object']);
  });
});
