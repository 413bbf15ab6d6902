import type { CommandRunner, ServiceControl, ServiceStatus } from '../types';

export const SERVICE_NAME = 'ESafetyAgent';
export const SC = 'sc.exe';

/**
 * node.exe does not speak to the Service Control Manager itself (it would fail with error
 * 1053), so the service binary is WinSW (github.com/winsw/winsw, MIT), shipped in the
 * installer as esafety-agent-service.exe beside this XML, which runs `node agent run`.
 */
export function winswXml(o: { command: string; args: string[]; logDir: string }): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const quoted = o.args.map((a) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)).join(' ');
  return [
    '<service>',
    `  <id>${SERVICE_NAME}</id>`,
    '  <name>School E-safety agent</name>',
    '  <description>Applies the school\'s browser policy, board mode and keyword alerts; reports to the school\'s collector.</description>',
    `  <executable>${esc(o.command)}</executable>`,
    `  <arguments>${esc(quoted)}</arguments>`,
    '  <startmode>Automatic</startmode>',
    '  <onfailure action="restart" delay="5 sec"/>',
    '  <onfailure action="restart" delay="30 sec"/>',
    `  <logpath>${esc(o.logDir)}</logpath>`,
    '  <log mode="roll-by-size"><sizeThreshold>10240</sizeThreshold><keepFiles>5</keepFiles></log>',
    '</service>',
    '',
  ].join('\r\n');
}

/** sc.exe's "option= value" syntax: the space after "=" is required. */
export const scCreateArgs = (binPath: string): string[] => [
  'create',
  SERVICE_NAME,
  'binPath=',
  `"${binPath}"`,
  'start=',
  'auto',
  'obj=',
  'LocalSystem',
  'DisplayName=',
  'School E-safety agent',
];
export const scFailureArgs = (): string[] => ['failure', SERVICE_NAME, 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/30000'];
export const scStartArgs = (): string[] => ['start', SERVICE_NAME];
export const scStopArgs = (): string[] => ['stop', SERVICE_NAME];
export const scDeleteArgs = (): string[] => ['delete', SERVICE_NAME];
export const scQueryArgs = (): string[] => ['query', SERVICE_NAME];

/** Parse `sc.exe query NAME`; exit code 1060 means the service is not installed. */
export function parseScQuery(code: number, stdout: string): ServiceStatus {
  if (code === 1060 || /FAILED 1060/.test(stdout)) return { installed: false, running: false, detail: `${SERVICE_NAME}: not installed` };
  const m = /STATE\s*:\s*(\d+)\s+(\w+)/.exec(stdout);
  const state = m?.[2] ?? 'UNKNOWN';
  return { installed: true, running: state === 'RUNNING', detail: `${SERVICE_NAME}: ${state}` };
}

export class Win32Service implements ServiceControl {
  constructor(
    private readonly runner: CommandRunner,
    private readonly serviceExe: string,
    private readonly writeFile: (file: string, text: string) => void,
  ) {}

  async install(o: { command: string; args: string[] }): Promise<void> {
    this.writeFile(this.serviceExe.replace(/\.exe$/i, '.xml'), winswXml({ ...o, logDir: '%BASE%\\logs' }));
    const steps = [scCreateArgs(this.serviceExe), scFailureArgs(), scStartArgs()];
    for (const args of steps) {
      const r = await this.runner.run(SC, args);
      if (r.code !== 0) throw new Error(`sc.exe ${args[0]} failed (${r.code}): ${(r.stdout + r.stderr).trim()}`);
    }
  }

  async uninstall(): Promise<void> {
    await this.runner.run(SC, scStopArgs());
    const r = await this.runner.run(SC, scDeleteArgs());
    if (r.code !== 0 && r.code !== 1060) throw new Error(`sc.exe delete failed (${r.code}): ${(r.stdout + r.stderr).trim()}`);
  }

  async status(): Promise<ServiceStatus> {
    const r = await this.runner.run(SC, scQueryArgs());
    return parseScQuery(r.code, r.stdout + r.stderr);
  }
}
