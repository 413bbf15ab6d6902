import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand } from './commands';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `npm run -s cli -- agent …`: the endpoint agent's own command line (agent/main.ts), run as a
 * separate Node process so the collector's CLI does not load agent code. Prefers the bundle
 * `npm run build` makes (dist/agent/main.js), which is what an installed service runs.
 */
export const agentCommand: CliCommand = {
  name: 'agent',
  usage: 'agent <install|uninstall|run|status> …',
  summary: 'the Windows/Linux endpoint agent (install --collector URL --token T; see agent --help)',
  run: (args) => {
    const bundle = path.join(ROOT, 'dist', 'agent', 'main.js');
    const argv = fs.existsSync(bundle) ? [bundle, ...args] : ['--import', 'tsx', path.join(ROOT, 'agent', 'main.ts'), ...args];
    return new Promise((resolve) => {
      const child = spawn(process.execPath, argv, { stdio: 'inherit', cwd: ROOT });
      child.on('exit', (code) => resolve(code ?? 1));
      child.on('error', () => resolve(1));
    });
  },
};
