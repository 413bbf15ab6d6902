import { boardAllowlist, boardBlocklist } from '../../shared/board/board-hosts';
import type { EffectivePolicy } from '../../shared/policy/resolve';
import { searchBlocklist, searchBrowserPolicy, type ChromiumPolicyValues } from '../../shared/search/browser-policy';
import { engineFor } from '../../shared/search/kid-safe-engines';
import type { BrowserPolicySet, FirefoxPolicies } from '../platform/types';

export interface ExtensionDeployment {
  /** The extension's id (stable from the manifest key or the school's CRX signing key). */
  id: string;
  /** Update manifest URL for ExtensionInstallForcelist; without it the extension is not force-installed. */
  updateUrl?: string | undefined;
  /** Managed configuration handed to the extension (collector, token, group): "3rdparty" policy. */
  config?: Record<string, unknown> | undefined;
}

export interface PolicyInputs {
  effective: EffectivePolicy;
  boardOn: boolean;
  extension: ExtensionDeployment;
  /**
   * The extension has connected to the agent on this PC (and not gone missing since).
   * Chromium applies URLBlocklist before any extension sees the request, so while the
   * extension is there the search pages are left to it (redirected with the query kept);
   * without it they are blocked outright.
   */
  extensionPresent?: boolean;
}

/**
 * Every browser policy the agent enforces, computed only from shared/search and shared/board
 * (the same catalogue the extension's rules come from), plus force-installing the extension.
 */
export function computeBrowserPolicies(inputs: PolicyInputs): BrowserPolicySet {
  return { chromium: chromiumPolicy(inputs), firefox: firefoxPolicy(inputs) };
}

export function chromiumPolicy({ effective, boardOn, extension, extensionPresent }: PolicyInputs): ChromiumPolicyValues {
  const values: ChromiumPolicyValues = { ...searchBrowserPolicy(effective, { extensionInstalled: !!extensionPresent }) };
  const blocked = new Set(values.URLBlocklist ?? []);
  // Board mode's baseline: holds even if the extension is missing (seed 002).
  if (boardOn) for (const host of boardBlocklist(effective)) blocked.add(host);
  if (blocked.size) values.URLBlocklist = [...blocked].sort();
  else delete values.URLBlocklist;
  // More specific allow entries win in Chromium's URL filter: teaching sites and embed players stay open.
  if (boardOn) values.URLAllowlist = [...new Set([...(values.URLAllowlist ?? []), ...boardAllowlist(effective)])].sort();
  if (extension.updateUrl) {
    values.ExtensionInstallForcelist = [`${extension.id};${extension.updateUrl}`];
  }
  if (extension.config && Object.keys(extension.config).length) {
    values['3rdparty'] = { extensions: { [extension.id]: extension.config } };
  }
  return values;
}

/**
 * "host/path" (Chromium URLBlocklist filter: the host and its subdomains; a leading "." means
 * that exact host only) to Firefox WebsiteFilter match patterns.
 */
export function firefoxPatterns(filter: string): string[] {
  const slash = filter.indexOf('/');
  const rawHost = slash === -1 ? filter : filter.slice(0, slash);
  const path = slash === -1 ? '/' : filter.slice(slash);
  const tail = path.endsWith('*') ? path : `${path}*`;
  if (rawHost.startsWith('.')) return [`*://${rawHost.slice(1)}${tail}`];
  return [`*://${rawHost}${tail}`, `*://*.${rawHost}${tail}`];
}

/** Firefox's policies.json (github.com/mozilla/policy-templates), same intent as the Chromium values. */
export function firefoxPolicy({ effective, boardOn }: PolicyInputs): FirefoxPolicies {
  const block: string[] = [];
  const policies: FirefoxPolicies = {};
  if (effective.search.mode === 'redirect') {
    const engine = engineFor(effective.search.engine, effective.search.customEngines);
    policies.SearchEngines = {
      Add: [{ Name: engine.name, URLTemplate: engine.web.replace('{q}', '{searchTerms}'), Method: 'GET', Alias: engine.id }],
      Default: engine.name,
      PreventInstalls: true,
      Remove: ['Google', 'Bing', 'DuckDuckGo', 'Ecosia', 'Qwant', 'Wikipedia (en)'],
    };
    policies.Homepage = { URL: engine.home, Locked: true, StartPage: 'homepage' };
    for (const f of searchBlocklist()) block.push(...firefoxPatterns(f));
  }
  if (boardOn) for (const host of boardBlocklist(effective)) block.push(...firefoxPatterns(host));
  if (block.length) policies.WebsiteFilter = { Block: [...new Set(block)].sort() };
  return { policies };
}
