import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../package.json' with { type: 'json' };
import { Agent } from './core/agent';
import { AgentStateFile } from './core/agent-state';
import { parseFlags } from '../shared/cli/flags';
import { DEFAULT_EXTENSION_ID, resolveAgentConfig } from './core/config';
import { defaultSocketPath } from './native/bridge';
import { runHost } from './native/host';
import { runTitleHelper } from './native/title-helper';
import { nodeCommandRunner } from './platform/command-runner';
import { schtasksCreateArgs, schtasksDeleteArgs } from './platform/win32/window-titles';
import { machinePlatform, type PlatformOverrides } from './platform/select';

export const AGENT_VERSION = pkg.version;
/** The entry file this process was started from: agent/main.ts (through tsx) or the dist/agent/main.js bundle. */
/** This agent's entry file: agent/main.ts when run from source, or the dist/agent/main.js bundle this code is inside. */
const entry = (): { file: string } => ({
  file: import.meta.url.endsWith('.ts') ? fileURLToPath(new URL('./main.ts', import.meta.url)) : fileURLToPath(import.meta.url),
});
/** Node arguments that start this same entry again (for the service and the native host). */
export const nodeArgsFor = (file: string = entry().file): string[] => (file.endsWith('.ts') ? ['--import', import.meta.resolve('tsx'), file] : [file]);
const selfArgs = (): string[] => nodeArgsFor();

/**
 * V8 flags for the long-running service: a 1 MB young generation keeps an idle service about
 * 6 MB smaller (npm run bench -- agent) at no cost that matters for a process this quiet.
 */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=1'];

/** Flags that choose where things live rather than configure the agent. */
const LOCAL_FLAGS = ['data-dir', 'socket', 'policy-dir', 'config-file', 'native-host-dir', 'launcher', 'no-firefox', 'no-service'] as const;

const USAGE = `School E-safety agent ${AGENT_VERSION}

Usage: node --import tsx agent/main.ts <command> [options]   (or: npm run -s cli -- agent <command> …)

  install --collector URL --token T [--group G] [--role pupil|staff|board] [--device-name N]
          [--board-pc] [--extension-update-url URL] [--extension-id ID]
                 store the configuration (registry on Windows, /etc/esafety-agent/config.json on Linux),
                 register the native messaging host for Chrome and Edge, install and start the service
  uninstall      stop and remove the service, the native host, the browser policy and the configuration
  run            run the agent in the foreground (what the service runs)
  status         show the service, configuration (token hidden), enrolment and queue
  native-host    the native messaging host Chrome/Edge start (not run by hand)
  title-helper   Windows: watches the signed-in user's focused window for the service (logon task)

Where things live (normally left alone): --data-dir D  --socket PATH  --config-file F (Linux)
  --policy-dir D (Linux, repeatable as a comma list)  --no-firefox  --no-service (install without a service)
`;

function split(args: string[]) {
  const { flags, rest } = parseFlags(args);
  const local: Record<string, string | boolean> = {};
  const settings: Record<string, string | boolean> = {};
  for (const [k, v] of Object.entries(flags)) ((LOCAL_FLAGS as readonly string[]).includes(k) ? local : settings)[k] = v;
  const overrides: PlatformOverrides = {
    policyDirs: typeof local['policy-dir'] === 'string' ? local['policy-dir'].split(',') : undefined,
    firefoxFile: local['no-firefox'] ? null : undefined,
    configFile: typeof local['config-file'] === 'string' ? local['config-file'] : undefined,
    nativeHostDirs: typeof local['native-host-dir'] === 'string' ? local['native-host-dir'].split(',') : undefined,
    launcherPath: typeof local.launcher === 'string' ? local.launcher : undefined,
  };
  return { local, settings, overrides, rest };
}

/** How Chrome should start the host: this Node, the tsx loader by absolute URL (Chrome's cwd is not ours). */
export function hostCommand(socketPath: string, entryFile?: string): { hostCommand: string; hostArgs: string[] } {
  return { hostCommand: process.execPath, hostArgs: [...nodeArgsFor(entryFile), 'native-host', '--socket', socketPath] };
}

export interface TextOut {
  write(text: string): unknown;
}

export async function cli(argv: string[], out: TextOut = process.stdout, err: TextOut = process.stderr): Promise<number> {
  const [command, ...args] = argv;
  const { local, settings, overrides } = split(args);
  const platform = machinePlatform(overrides);
  const dataDir = typeof local['data-dir'] === 'string' ? local['data-dir'] : platform.defaultDataDir;
  const socketPath = typeof local.socket === 'string' ? local.socket : defaultSocketPath();

  switch (command) {
    case 'native-host':
      runHost(args, process.stdin, process.stdout);
      return new Promise<number>(() => undefined); // runs until Chrome closes stdin
    case 'title-helper':
      runTitleHelper({ socketPath, log: (m) => err.write(`[esafety-title-helper] ${m}\n`) });
      return new Promise<number>(() => undefined); // runs for the user's session
    case 'install': {
      const { config, problems } = resolveAgentConfig(settings);
      if (problems.length) {
        err.write(`Not installed: ${problems.join('; ')}\n`);
        return 2;
      }
      if (!config.collectorUrl || !config.enrolmentToken) {
        err.write('Not installed: --collector URL and --token T are required (the school\'s collector and enrolment token).\n');
        return 2;
      }
      const stored: Record<string, string | boolean> = {};
      for (const [k, v] of Object.entries(config)) if (typeof v === 'string' || typeof v === 'boolean') stored[k] = v;
      await platform.config.write(stored);
      out.write('Configuration stored.\n');
      const written = await platform.nativeHosts.register({ ...hostCommand(socketPath), extensionIds: [config.extensionId ?? DEFAULT_EXTENSION_ID] });
      out.write(`Native messaging host registered:\n  ${written.join('\n  ')}\n`);
      if (local['no-service']) {
        out.write('No service installed (--no-service): start it with "agent run".\n');
        return 0;
      }
      const runArgs = [...SERVICE_NODE_FLAGS, ...selfArgs(), 'run', '--data-dir', dataDir, '--socket', socketPath];
      await platform.service.install({ command: process.execPath, args: runArgs });
      out.write(`Service installed and started: ${(await platform.service.status()).detail}\n`);
      if (process.platform === 'win32') {
        // The service (session 0) cannot see the user's desktop: a logon task watches window titles.
        const helper = [process.execPath, ...selfArgs(), 'title-helper', '--socket', socketPath].map((a) => `"${a}"`).join(' ');
        const r = await nodeCommandRunner.run('schtasks.exe', schtasksCreateArgs(helper));
        if (r.code !== 0) err.write(`Window-title helper task not created (${r.code}): ${(r.stdout + r.stderr).trim()}\n`);
        else out.write('Window-title helper registered to run at every logon.\n');
      }
      return 0;
    }
    case 'uninstall': {
      const steps: [string, () => Promise<unknown>][] = [
        ['service', () => platform.service.uninstall()],
        ...(process.platform === 'win32' ? [['window-title helper task', () => nodeCommandRunner.run('schtasks.exe', schtasksDeleteArgs())] as [string, () => Promise<unknown>]] : []),
        ['native messaging host', () => platform.nativeHosts.unregister()],
        ['browser policy', () => platform.policy.remove()],
        ['configuration', () => platform.config.clear()],
      ];
      let failed = 0;
      for (const [name, step] of steps) {
        try {
          await step();
          out.write(`Removed ${name}.\n`);
        } catch (e) {
          failed++;
          err.write(`Could not remove ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
      return failed ? 1 : 0;
    }
    case 'status': {
      const machine = await platform.config.read().catch((e) => ({ '(unreadable)': String(e) }));
      const { config, problems } = resolveAgentConfig(machine, settings);
      const saved = new AgentStateFile(path.join(dataDir, 'state.json')).load();
      const journal = path.join(dataDir, 'outbox.jsonl');
      const service = await platform.service.status().catch((e) => ({ detail: `unknown (${String(e)})` }));
      out.write(
        JSON.stringify(
          {
            version: AGENT_VERSION,
            service: service.detail,
            config: { ...config, enrolmentToken: config.enrolmentToken ? '(set)' : undefined },
            problems,
            deviceId: saved.credentials?.deviceId ?? null,
            policyVersion: saved.policy?.version ?? null,
            outboxBytes: fs.statSync(journal, { throwIfNoEntry: false })?.size ?? 0,
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    case 'run': {
      const machine = await platform.config.read().catch((e) => {
        err.write(`Machine configuration unreadable (${String(e)}); using flags only.\n`);
        return {};
      });
      const { config, problems } = resolveAgentConfig(machine, settings);
      for (const p of problems) err.write(`[esafety-agent] config: ${p}\n`);
      const agent = new Agent({ config, platform, version: AGENT_VERSION, dataDir, socketPath });
      await agent.start();
      for (const p of problems) await agent.tamper('managed_config_invalid', p);
      out.write(`AGENT_READY ${JSON.stringify({ pid: process.pid, socketPath, dataDir })}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      await agent.stop();
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      out.write(USAGE);
      return command ? 0 : 1;
    default:
      err.write(`Unknown agent command "${command}".\n${USAGE}`);
      return 2;
  }
}
