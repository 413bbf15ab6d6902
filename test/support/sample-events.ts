import type { DeviceEvent } from '../../shared/protocol/events';

let seq = 0;

/** A well-formed severity-5 keyword alert as a device sends it; `over` replaces any field. */
export const sampleKeywordAlert = (over: Partial<DeviceEvent> | Record<string, unknown> = {}): DeviceEvent =>
  ({
    id: `evt-${Date.now()}-${++seq}`,
    at: new Date().toISOString(),
    type: 'keyword_alert',
    term: 'kill myself',
    category: 'suicide',
    severity: 5,
    context: 'i want to kill myself',
    matchStart: 10,
    matchEnd: 21,
    source: 'input',
    url: 'https://example.org/',
    ...over,
  }) as DeviceEvent;
