import { afterEach, describe, expect, it, vi } from 'vitest';
import { CollectorLink } from '../../extension/background/collector-link';
import { DeviceState } from '../../extension/background/device-state';
import { memoryArea } from '../../extension/platform/storage';
import { MemoryOutboxStore, Outbox } from '../../shared/outbox/outbox';
import { insecureTransportProblem, isLoopbackUrl } from '../../shared/policy/transport-security';

describe('collector transport rule', () => {
  it('allows TLS anywhere and plain HTTP/WS only to this machine, unless policy allows it', () => {
    expect(insecureTransportProblem('https://esafety.school.example', undefined)).toBeNull();
    expect(insecureTransportProblem('wss://esafety.school.example', undefined)).toBeNull();
    for (const local of ['http://localhost:8470', 'ws://127.0.0.1:8470', 'http://[::1]:8470', 'http://127.0.0.2/']) expect(insecureTransportProblem(local, undefined)).toBeNull();
    expect(insecureTransportProblem('http://esafety.school.example', undefined)).toMatch(/refused plain http:\/\/ to esafety\.school\.example/);
    expect(insecureTransportProblem('ws://10.0.0.5:8470', false)).toMatch(/refused plain ws:\/\//);
    expect(insecureTransportProblem('http://localhost.evil.example', undefined)).toMatch(/refused/);
    expect(insecureTransportProblem('http://esafety.school.example', true)).toBeNull();
    expect(insecureTransportProblem('ftp://x.example', true)).toMatch(/must use https/);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });
});

describe('the extension refuses an insecure collector before sending anything', () => {
  afterEach(() => vi.unstubAllGlobals());

  const link = (managed: Record<string, unknown>, stored?: Record<string, unknown>) => {
    const state = new DeviceState(memoryArea(stored ?? {}));
    state.setManaged(managed as never, []);
    return { state, link: new CollectorLink({ state, outbox: new Outbox(new MemoryOutboxStore()), version: '0.1.0', onCommand: () => undefined }) };
  };

  it('does not enrol (no token sent) with http:// to another host', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const { link: l } = link({ collectorUrl: 'http://esafety.school.example', enrolmentToken: 'school-enrolment-token-0123456789' });
    expect(await l.credentials()).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(l.lastError).toMatch(/refused plain http:\/\//);
  });

  it('does not reuse stored credentials for such a collector either', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const collectorUrl = 'http://esafety.school.example';
    const { state, link: l } = link({ collectorUrl, enrolmentToken: 'school-enrolment-token-0123456789' });
    await state.setCredentials({ deviceId: 'dev_1', secret: 's', schoolId: 'school-1', collectorUrl });
    expect(await l.credentials()).toBeNull();
    await l.flush();
    await l.pullPolicy();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('enrols when IT explicitly allows insecure transport, or the collector is on this machine', async () => {
    for (const managed of [
      { collectorUrl: 'http://esafety.school.example', allowInsecureTransport: true },
      { collectorUrl: 'http://127.0.0.1:8470' },
      { collectorUrl: 'https://esafety.school.example' },
    ]) {
      const fetchSpy = vi.fn(async () => new Response(JSON.stringify({ v: 1, deviceId: 'dev_2', secret: 'sec', schoolId: 'school-1' }), { status: 201 }));
      vi.stubGlobal('fetch', fetchSpy);
      const { link: l } = link({ ...managed, enrolmentToken: 'school-enrolment-token-0123456789' });
      expect(await l.credentials()).toMatchObject({ deviceId: 'dev_2', collectorUrl: managed.collectorUrl });
      expect(String((fetchSpy.mock.calls[0] as unknown[])[0])).toBe(`${managed.collectorUrl}/api/v1/enrol`);
    }
  });
});
