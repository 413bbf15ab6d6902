import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, silentJobIntervalMs } from './config';

describe('collector config: the silent-device threshold', () => {
  it('defaults to 120 minutes; minutes and seconds are both accepted', () => {
    expect(loadConfig({}).silentAfterMs).toBe(120 * 60_000);
    expect(loadConfig({ SILENT_AFTER_MINUTES: '30' }).silentAfterMs).toBe(30 * 60_000);
    expect(loadConfig({ SILENT_AFTER_SECONDS: '20' }).silentAfterMs).toBe(20_000);
  });

  it('refuses both at once, and values that are not whole positive numbers, naming the variable', () => {
    expect(() => loadConfig({ SILENT_AFTER_MINUTES: '5', SILENT_AFTER_SECONDS: '20' })).toThrow(/either SILENT_AFTER_MINUTES or SILENT_AFTER_SECONDS, not both/);
    for (const [name, value] of [
      ['SILENT_AFTER_SECONDS', '0'],
      ['SILENT_AFTER_SECONDS', '-5'],
      ['SILENT_AFTER_SECONDS', '2.5'],
      ['SILENT_AFTER_SECONDS', 'soon'],
      ['SILENT_AFTER_MINUTES', '0'],
      ['SILENT_AFTER_MINUTES', '1e9'],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(new RegExp(name));
    }
  });

  it('runs the job at a quarter of the threshold, between once a second and every 5 minutes', () => {
    expect(silentJobIntervalMs(120 * 60_000)).toBe(5 * 60_000);
    expect(silentJobIntervalMs(10 * 60_000)).toBe(150_000);
    expect(silentJobIntervalMs(20_000)).toBe(5000);
    expect(silentJobIntervalMs(2000)).toBe(1000);
  });
});

describe('collector config: enrolment guessing limit', () => {
  it('defaults to 20 wrong tokens per 900 s and refuses nonsense', () => {
    expect(loadConfig({})).toMatchObject({ ENROL_FAILURES_PER_IP: 20, ENROL_FAILURE_WINDOW_SECONDS: 900 });
    expect(() => loadConfig({ ENROL_FAILURES_PER_IP: '0' })).toThrow(/ENROL_FAILURES_PER_IP/);
    expect(() => loadConfig({ ENROL_FAILURE_WINDOW_SECONDS: 'x' })).toThrow(/ENROL_FAILURE_WINDOW_SECONDS/);
  });
});
