const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The gupdate update manifest Chrome and Edge fetch for a force-installed extension that is
 * not in a web store (developer.chrome.com/docs/extensions/how-to/distribute/host-on-linux).
 */
export function updateManifestXml(o: { extensionId: string; version: string; codebase: string }): string {
  return (
    "<?xml version='1.0' encoding='UTF-8'?>\n" +
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n" +
    `  <app appid='${escapeXml(o.extensionId)}'>\n` +
    `    <updatecheck codebase='${escapeXml(o.codebase)}' version='${escapeXml(o.version)}' />\n` +
    '  </app>\n' +
    '</gupdate>\n'
  );
}
