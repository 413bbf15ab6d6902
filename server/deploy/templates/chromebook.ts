import type { ManagedConfig } from '../../../shared/policy/managed-config';

export interface DeployTarget {
  extensionId: string;
  /** https://collector…/extension/updates.xml */
  updateUrl: string;
  config: ManagedConfig;
}

/** The JSON pasted into the Admin console's "Policy for extensions" box (keys of managed_schema.json). */
export function chromebookPolicyJson(t: DeployTarget): string {
  return JSON.stringify(t.config, null, 2) + '\n';
}

export function chromebookGuide(t: DeployTarget): string {
  return [
    'Google Admin console (admin.google.com), for Chromebooks:',
    '  1. Devices > Chrome > Apps & extensions > Users & browsers (and Kiosk/Managed guest if used).',
    '     Choose the organisational unit for pupils (e.g. Pupils), or the top one.',
    '  2. Click the yellow "+" > "Add Chrome app or extension by ID":',
    `       Extension ID:  ${t.extensionId}`,
    '       From:          "From a custom URL"',
    `       URL:           ${t.updateUrl}`,
    '  3. Set Installation policy to "Force install" (and "Pin to browser toolbar" if you want the',
    '     Report a concern button visible).',
    '  4. In "Policy for extensions" paste the JSON printed above (also in chromebook-policy.json).',
    '     Use a separate organisational unit with "role": "staff" or "board" for staff and board devices.',
    '  5. Save. Devices pick it up at next sign-in or policy refresh (chrome://policy > Reload policies).',
    '  6. Devices > Chrome > Settings > Users & browsers > Security > Incognito mode: "Disallow incognito',
    '     mode" for pupils. The extension does not run in incognito windows unless each user turns on',
    '     "Allow in Incognito" for it (chrome://extensions > Details), and the Admin console cannot turn that',
    '     on for them: with incognito allowed, a pupil there gets unfiltered search and no alerts.',
    '  Check: chrome://policy on a pupil Chromebook shows the extension\'s policy; the device appears in',
    '  the dashboard under Devices within a minute of sign-in.',
    '',
  ].join('\n');
}
