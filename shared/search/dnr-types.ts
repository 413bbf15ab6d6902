/**
 * The subset of chrome.declarativeNetRequest's Rule shape we generate. Declared here so
 * shared/ stays free of browser typings; the extension passes these to the browser as-is.
 */
export type DnrResourceType =
  | 'main_frame'
  | 'sub_frame'
  | 'stylesheet'
  | 'script'
  | 'image'
  | 'font'
  | 'object'
  | 'xmlhttprequest'
  | 'ping'
  | 'csp_report'
  | 'media'
  | 'websocket'
  | 'webtransport'
  | 'webbundle'
  | 'other';

export interface DnrRedirect {
  url?: string;
  extensionPath?: string;
  regexSubstitution?: string;
  transform?: {
    username?: string;
    password?: string;
    queryTransform?: { addOrReplaceParams?: { key: string; value: string }[]; removeParams?: string[] };
  };
}

export interface DnrHeaderInfo {
  header: string;
  operation: 'append' | 'set' | 'remove';
  value?: string;
}

export interface DnrRule {
  id: number;
  priority?: number;
  action: {
    type: 'block' | 'redirect' | 'allow' | 'upgradeScheme' | 'allowAllRequests' | 'modifyHeaders';
    redirect?: DnrRedirect;
    requestHeaders?: DnrHeaderInfo[];
    responseHeaders?: DnrHeaderInfo[];
  };
  condition: {
    regexFilter?: string;
    urlFilter?: string;
    requestDomains?: string[];
    excludedRequestDomains?: string[];
    initiatorDomains?: string[];
    excludedInitiatorDomains?: string[];
    resourceTypes?: DnrResourceType[];
    excludedResourceTypes?: DnrResourceType[];
    isUrlFilterCaseSensitive?: boolean;
  };
}
