import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { UPDATES_PATH } from '../deploy/extension-routes';
import { loadOrCreateSigningKey } from '../deploy/signing-key';
import { chromebookGuide, chromebookPolicyJson, type DeployTarget } from '../deploy/templates/chromebook';
import { TemplateError, managedValues } from '../deploy/templates/managed-values';
import { regFileBytes } from '../deploy/templates/reg-file';
import { windowsGuide, windowsRegFile } from '../deploy/templates/windows';
import { DEFAULT_LINUX_LAYOUT, collectorEnvFile, systemdUnit } from '../service/systemd-unit';
import { DEFAULT_WINDOWS_LAYOUT, windowsServiceScript } from '../service/windows-task';
import { parseFlags } from '../../shared/cli/flags';
import type { CliCommand } from './commands';

const USAGE = `Usage: npm run -s cli -- deploy <chromebook|windows|info|systemd|windows-service> [options]

  chromebook       JSON for the Google Admin console's "Policy for extensions" (stdout), guide (stderr)
  windows          a .reg file for Chrome, Edge and the agent (stdout), GPO/Intune guide (stderr)
  info             the extension id and update URL to force-install
  systemd          the systemd unit for this install (stdout); --out DIR adds collector.env
  windows-service  a PowerShell script that runs the collector at start-up on a Windows server

Options:
  --url URL        the collector's address as devices reach it (default: PUBLIC_URL)
  --token TOKEN    the school's enrolment token (printed at first start, or made in the dashboard)
  --role R         pupil | staff | board (default: none, which devices treat as pupil)
  --group G        policy group id (e.g. ks1)
  --school ID      school id, for multi-school trusts
  --engine E       force one kid-safe search engine
  --allow-insecure allow a plain http:// collector that is not localhost (testing only)
  --out DIR        also write the files (chromebook-policy.json, esafety.reg, *-guide.txt) to DIR
  systemd/windows-service: --install-dir D (default: this folder), --data-dir D, --env-file F,
                   --user U (systemd), --node PATH

The extension id comes from the signing key in DATA_DIR (created there if missing), so run this
with the same DATA_DIR as the collector.
`;

const str = (v: string | true | undefined) => (typeof v === 'string' ? v : undefined);

async function runDeploy(args: string[]): Promise<number> {
  const { flags: opts, rest } = parseFlags(args);
  const what = rest[0];
  if (opts.help || !what || !['chromebook', 'windows', 'info', 'systemd', 'windows-service'].includes(what)) {
    (opts.help ? process.stdout : process.stderr).write(USAGE);
    return opts.help ? 0 : 2;
  }
  if (what === 'systemd' || what === 'windows-service') return serviceFiles(what, opts);
  const config = loadConfig();
  const key = loadOrCreateSigningKey(config.dataDir);
  const url = (str(opts.url) ?? config.PUBLIC_URL)?.replace(/\/+$/, '');
  if (what === 'info') {
    process.stdout.write(`Extension id:  ${key.extensionId}\nUpdate URL:    ${url ? url + UPDATES_PATH : `<collector URL>${UPDATES_PATH}`}\nSigning key:   ${key.file}\n`);
    return 0;
  }
  let target: DeployTarget;
  try {
    const managed = managedValues({
      collectorUrl: url,
      enrolmentToken: str(opts.token),
      schoolId: str(opts.school),
      group: str(opts.group),
      role: str(opts.role),
      engine: str(opts.engine),
      allowInsecureTransport: opts['allow-insecure'] === true ? true : undefined,
    });
    target = { extensionId: key.extensionId, updateUrl: `${url}${UPDATES_PATH}`, config: managed };
  } catch (err) {
    if (err instanceof TemplateError) {
      process.stderr.write(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  const [body, guide, files] =
    what === 'chromebook'
      ? [chromebookPolicyJson(target), chromebookGuide(target), { 'chromebook-policy.json': Buffer.from(chromebookPolicyJson(target)), 'chromebook-guide.txt': Buffer.from(chromebookGuide(target)) }]
      : [windowsRegFile(target), windowsGuide(target), { 'esafety.reg': regFileBytes(windowsRegFile(target)), 'windows-guide.txt': Buffer.from(windowsGuide(target)) }];
  process.stdout.write(body);
  process.stderr.write(`\n${guide}`);
  const out = str(opts.out);
  if (out) {
    fs.mkdirSync(out, { recursive: true });
    // The files hold the enrolment token: readable by the technician only.
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(out, name), data, { mode: 0o600 });
    process.stderr.write(`Wrote ${Object.keys(files).map((f) => path.join(out, f)).join(', ')}\n`);
  }
  return 0;
}

function serviceFiles(what: 'systemd' | 'windows-service', opts: Record<string, string | true>): number {
  const out = str(opts.out);
  let files: Record<string, string>;
  if (what === 'systemd') {
    const layout = {
      installDir: str(opts['install-dir']) ?? process.cwd(),
      nodePath: str(opts.node) ?? process.execPath,
      envFile: str(opts['env-file']) ?? DEFAULT_LINUX_LAYOUT.envFile,
      user: str(opts.user) ?? DEFAULT_LINUX_LAYOUT.user,
      dataDir: str(opts['data-dir']) ?? DEFAULT_LINUX_LAYOUT.dataDir,
    };
    files = {
      'esafety-collector.service': systemdUnit(layout),
      'collector.env': collectorEnvFile({ dataDir: layout.dataDir, publicUrl: str(opts.url), tls: opts.tls === true }),
    };
    process.stdout.write(files['esafety-collector.service']!);
  } else {
    const layout = {
      installDir: str(opts['install-dir']) ?? DEFAULT_WINDOWS_LAYOUT.installDir,
      nodePath: str(opts.node) ?? DEFAULT_WINDOWS_LAYOUT.nodePath,
      envFile: str(opts['env-file']) ?? DEFAULT_WINDOWS_LAYOUT.envFile,
      dataDir: str(opts['data-dir']) ?? DEFAULT_WINDOWS_LAYOUT.dataDir,
    };
    files = {
      'install-collector-task.ps1': windowsServiceScript(layout),
      'collector.env': collectorEnvFile({ dataDir: layout.dataDir, publicUrl: str(opts.url), tls: opts.tls === true }),
    };
    process.stdout.write(files['install-collector-task.ps1']!);
  }
  if (out) {
    fs.mkdirSync(out, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(out, name), text, { mode: name.endsWith('.env') ? 0o600 : 0o644 });
    process.stderr.write(`Wrote ${Object.keys(files).map((f) => path.join(out, f)).join(', ')}\n`);
  }
  return 0;
}

export const deployCommand: CliCommand = {
  name: 'deploy',
  usage: 'deploy <chromebook|windows|info|systemd|windows-service>',
  summary: 'Admin console JSON / Windows .reg to force-install the extension; systemd unit / Windows start-up task',
  run: runDeploy,
};
