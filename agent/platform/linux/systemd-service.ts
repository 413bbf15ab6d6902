import fs from 'node:fs';
import type { CommandRunner, ServiceControl, ServiceStatus } from '../types';
import { writeFileAtomic } from './policy-files';

export const SYSTEMD_UNIT = 'esafety-agent.service';

/** The unit file: started at boot as root, restarted if it dies. */
export function systemdUnit(command: string, args: string[]): string {
  const q = (s: string) => (/[\s"\\]/.test(s) ? `"${s.replace(/(["\\])/g, '\\$1')}"` : s);
  return [
    '[Unit]',
    'Description=School E-safety agent',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    `ExecStart=${[command, ...args].map(q).join(' ')}`,
    'Restart=always',
    'RestartSec=5',
    'RuntimeDirectory=esafety-agent',
    'StateDirectory=esafety-agent',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** systemd service control (Linux adapter of ServiceControl). */
export class SystemdService implements ServiceControl {
  constructor(
    private readonly runner: CommandRunner,
    private readonly unitDir = '/etc/systemd/system',
  ) {}

  private get unitFile() {
    return `${this.unitDir}/${SYSTEMD_UNIT}`;
  }

  async install(o: { command: string; args: string[] }): Promise<void> {
    writeFileAtomic(this.unitFile, systemdUnit(o.command, o.args));
    const reload = await this.runner.run('systemctl', ['daemon-reload']);
    if (reload.code !== 0) throw new Error(`systemctl daemon-reload failed: ${reload.stderr.trim()} (is systemd running here?)`);
    const r = await this.runner.run('systemctl', ['enable', '--now', SYSTEMD_UNIT]);
    if (r.code !== 0) throw new Error(`systemctl enable --now ${SYSTEMD_UNIT} failed: ${r.stderr.trim()}`);
  }

  async uninstall(): Promise<void> {
    await this.runner.run('systemctl', ['disable', '--now', SYSTEMD_UNIT]);
    fs.rmSync(this.unitFile, { force: true });
    await this.runner.run('systemctl', ['daemon-reload']);
  }

  async status(): Promise<ServiceStatus> {
    const installed = fs.existsSync(this.unitFile);
    const r = await this.runner.run('systemctl', ['is-active', SYSTEMD_UNIT]);
    const state = r.stdout.trim() || r.stderr.trim() || 'unknown';
    return { installed, running: state === 'active', detail: `${SYSTEMD_UNIT}: ${installed ? state : 'not installed'}` };
  }
}
