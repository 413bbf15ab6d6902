import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../shared/policy/defaults';
import { resolvePolicy } from '../../shared/policy/resolve';
import { compileKeywords } from '../../shared/keywords/engine';
import { FakePolicyWriter } from '../platform/fake';
import { decideBoard, isProjecting } from './board-mode';
import { chromiumPolicy, computeBrowserPolicies, firefoxPatterns } from './browser-policies';
import { parseFlags } from '../../shared/cli/flags';
import { resolveAgentConfig } from './config';
import { ExtensionWatch } from './extension-watch';
import { PolicyEnforcer } from './policy-enforcer';
import { WindowTitleAlerts } from './window-title-alerts';

const pupil = () => resolvePolicy(defaultPolicy());
const ext = { id: 'nipfnnhggfaijbpfacionjfcoeegeefh' };

describe('browser policies from shared/search and shared/board', () => {
  it('pupils: kid-safe default search, search pages blocked; board mode adds the YouTube hosts', () => {
    const off = chromiumPolicy({ effective: pupil(), boardOn: false, extension: ext });
    expect(off.DefaultSearchProviderSearchURL).toBe('https://www.kiddle.co/s.php?q={searchTerms}');
    expect(off.ForceYouTubeRestrict).toBe(2);
    expect(off.URLBlocklist).toContain('.www.google.com/search');
    expect(off.URLBlocklist).toContain('bing.com/search');
    expect(off.URLBlocklist).not.toContain('youtube.com');
    expect(off.ExtensionInstallForcelist).toBeUndefined();
    const on = chromiumPolicy({ effective: pupil(), boardOn: true, extension: { ...ext, updateUrl: 'https://c.example/extension/updates.xml' } });
    expect(on.URLBlocklist).toEqual(expect.arrayContaining(['.www.google.com/search', 'youtube.com', 'youtu.be']));
    expect(on.ExtensionInstallForcelist).toEqual(['nipfnnhggfaijbpfacionjfcoeegeefh;https://c.example/extension/updates.xml']);
  });

  it('leaves search pages to the extension once it is present (policy would pre-empt its redirect); board mode keeps embeds open', () => {
    const v = chromiumPolicy({ effective: pupil(), boardOn: true, extension: ext, extensionPresent: true });
    expect(v.URLBlocklist!.filter((f) => f.includes('google.com/search'))).toEqual([]);
    expect(v.URLBlocklist).toContain('youtube.com');
    expect(v.URLAllowlist).toEqual(expect.arrayContaining(['viewpure.com', 'youtube-nocookie.com/embed']));
    expect(chromiumPolicy({ effective: pupil(), boardOn: false, extension: ext, extensionPresent: true }).URLBlocklist).toBeUndefined();
  });

  it('Firefox: the same engine as default and the same blocks as WebsiteFilter patterns', () => {
    const ff = computeBrowserPolicies({ effective: pupil(), boardOn: true, extension: ext }).firefox.policies as Record<string, any>;
    expect(ff.SearchEngines.Default).toBe('Kiddle');
    expect(ff.SearchEngines.Add[0].URLTemplate).toBe('https://www.kiddle.co/s.php?q={searchTerms}');
    expect(ff.WebsiteFilter.Block).toEqual(expect.arrayContaining(['*://www.google.com/search*', '*://bing.com/search*', '*://*.bing.com/search*', '*://youtube.com/*', '*://*.youtube.com/*']));
    expect(firefoxPatterns('youtube.com')).toEqual(['*://youtube.com/*', '*://*.youtube.com/*']);
    expect(firefoxPatterns('.www.google.co.uk/search')).toEqual(['*://www.google.co.uk/search*']);
  });

  it('staff (safesearch) get SafeSearch forced and no default engine swap', () => {
    const staff = resolvePolicy(defaultPolicy(), { group: 'staff' });
    const v = chromiumPolicy({ effective: staff, boardOn: false, extension: ext });
    expect(v.ForceGoogleSafeSearch).toBe(true);
    expect(v.DefaultSearchProviderSearchURL).toBeUndefined();
  });
});

describe('board mode decision', () => {
  const one = { active: 1, mode: 'single' as const, outputs: ['eDP-1'] };
  const two = { active: 2, mode: 'extend' as const, outputs: ['eDP-1', 'HDMI-1'] };
  it('projecting turns it on; designated board PCs are always on; a collector command overrides', () => {
    expect(isProjecting(two)).toBe(true);
    expect(decideBoard({ effective: pupil(), topology: one, boardPc: false, collector: null })).toEqual({ on: false, reason: 'display' });
    expect(decideBoard({ effective: pupil(), topology: two, boardPc: false, collector: null })).toEqual({ on: true, reason: 'display' });
    expect(decideBoard({ effective: pupil(), topology: one, boardPc: true, collector: null }).on).toBe(true);
    const board = resolvePolicy(defaultPolicy(), { group: 'board' });
    expect(decideBoard({ effective: board, topology: one, boardPc: false, collector: false })).toEqual({ on: true, reason: 'designated' });
    expect(decideBoard({ effective: pupil(), topology: two, boardPc: false, collector: false })).toEqual({ on: false, reason: 'collector' });
  });
});

describe('policy enforcer', () => {
  it('reports deletion and edits once per occurrence, and writes again', async () => {
    const writer = new FakePolicyWriter();
    const reports: string[] = [];
    const e = new PolicyEnforcer(writer, (k, d) => reports.push(`${k}: ${d}`));
    const set = computeBrowserPolicies({ effective: pupil(), boardOn: false, extension: ext });
    await e.apply(set);
    await e.apply(set); // unchanged: no rewrite
    expect(writer.writes).toBe(1);
    await e.verify();
    expect(reports).toEqual([]);
    writer.chromium = null;
    await e.verify();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^policy_deleted: .*fake:chromium/);
    writer.chromium!.ForceYouTubeRestrict = 0;
    writer.chromium!.DefaultSearchProviderEnabled = false;
    await e.verify();
    expect(reports[1]).toMatch(/^policy_edited: .*DefaultSearchProviderEnabled, ForceYouTubeRestrict/);
    expect(writer.chromium!.ForceYouTubeRestrict).toBe(2);
    await e.verify();
    expect(reports).toHaveLength(2);
  });
});

describe('config', () => {
  it('merges registry-style and flag-style names; later layers win; bad values are named, not fatal', () => {
    const { flags } = parseFlags(['--collector', 'https://c.example', '--token=abcdefghijklmnop1234', '--board-pc', '--group', 'Bad Group']);
    const { config, problems } = resolveAgentConfig({ CollectorUrl: 'https://old.example', DeviceName: 'PC1' }, flags);
    expect(config).toEqual({ collectorUrl: 'https://c.example', enrolmentToken: 'abcdefghijklmnop1234', deviceName: 'PC1', boardPc: true });
    expect(problems).toEqual([expect.stringMatching(/^managed setting "group" ignored/)]);
    expect(resolveAgentConfig({ collectorUrl: 'http://collector.school.example' }).problems[0]).toMatch(/plain http/);
  });
});

describe('window titles and extension watch', () => {
  it('alerts once per title and term, with context around the match', () => {
    let t = 0;
    const w = new WindowTitleAlerts(compileKeywords(pupil().keywords), () => t);
    const win = { title: 'Chat - i want to kill myself tonight', process: 'teams.exe', user: 'SCHOOL\\y6' };
    const [a] = w.check(win);
    expect(a).toMatchObject({ source: 'window-title', app: 'teams.exe', user: 'SCHOOL\\y6', term: 'kill myself', severity: 5 });
    expect(a!.context.slice(a!.matchStart, a!.matchEnd)).toBe('kill myself');
    expect(w.check(win)).toEqual([]);
    w.check({ ...win, title: 'Word' });
    expect(w.check(win)).toEqual([]); // back within ten minutes: still quiet
    t += 11 * 60_000;
    w.check({ ...win, title: 'Word' });
    expect(w.check(win)).toHaveLength(1);
    expect(w.check({ title: 'Volcano homework', process: 'winword.exe', user: undefined })).toEqual([]);
  });

  it('reports a missing extension after the grace period while a browser runs, once', () => {
    let t = 0;
    const w = new ExtensionWatch(10 * 60_000, () => t);
    expect(w.check(['chrome.exe'], 0)).toBeNull();
    t = 9 * 60_000;
    expect(w.check(['chrome.exe'], 0)).toBeNull();
    t = 10 * 60_000;
    expect(w.check(['chrome.exe', 'chrome.exe'], 0)).toBe('chrome.exe running for 10 minutes with no connection from the e-safety extension (removed, disabled or blocked)');
    t = 20 * 60_000;
    expect(w.check(['chrome.exe'], 0)).toBeNull();
    expect(w.check(['chrome.exe'], 1)).toBeNull();
    expect(w.check([], 0)).toBeNull();
  });
});
