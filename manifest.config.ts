import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

/**
 * Public half of the key that gives the unpacked/dev extension its stable id
 * (nipfnnhggfaijbpfacionjfcoeegeefh). Not a secret: Chrome derives the id from it.
 * Self-hosted CRX builds are signed with the collector's own key instead (see server/ deploy).
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwfgOJed8SACxaZBdb32K43829CvOP8Go6DPYae0cgnmWSemWgGRgLfv5' +
  'KyIsgKGQmGngWN1kU1monJxHgq9MmbkCVKuam7aQy8yx0hFMQnFUlUP+XfO39+W/DrxiZXUx9ZtB8pEfHE8pecwBZUKVJVj8i4Yk' +
  '3bMH7P9Zv7sF/O9MQ13BagCpTkssJsSKd+lssCfeqmZT94v8TilPvjNdS7xPqLeyjozHo4lU1sQKH2aJQfX/Dejx1ZmV/SvclK6y' +
  'mdA1qpyJyTFPfYCFnaE62d1ZlpjZJV0iW8S6nSULn4acCwIG/PsBPL+nTXRW2yp3KGZ2ycJsLdVb1H6Kuy6LxQIDAQAB';

export default defineManifest({
  manifest_version: 3,
  name: 'School E-safety',
  short_name: 'E-safety',
  description: 'Keeps pupils safe online: child-safe search, board mode and a "Report a concern" button.',
  version: pkg.version.replace(/[^0-9.]/g, ''),
  minimum_chrome_version: '120',
  key: EXTENSION_PUBLIC_KEY,
  icons: { 16: 'icons/icon16.png', 48: 'icons/icon48.png', 128: 'icons/icon128.png' },
  background: { service_worker: 'background/main.ts', type: 'module' },
  permissions: [
    'declarativeNetRequest',
    'storage',
    'unlimitedStorage',
    'alarms',
    'tabs',
    'scripting',
    'webNavigation',
    'system.display',
    'identity',
    'identity.email',
    'nativeMessaging',
  ],
  host_permissions: ['<all_urls>'],
  storage: { managed_schema: 'managed_schema.json' },
  action: { default_popup: 'pages/popup.html', default_title: 'School E-safety' },
  chrome_url_overrides: { newtab: 'pages/newtab.html' },
  content_scripts: [
    {
      matches: ['http://*/*', 'https://*/*'],
      js: ['content/main.ts'],
      run_at: 'document_idle',
      all_frames: true,
      // Rich-text editors in about:blank / srcdoc iframes are captured too.
      match_about_blank: true,
    },
  ],
  web_accessible_resources: [{ resources: ['pages/block.html', 'pages/board.html'], matches: ['<all_urls>'] }],
});
