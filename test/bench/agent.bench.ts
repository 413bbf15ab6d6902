/**
 * `npm run bench -- agent [seconds]`: the endpoint agent's idle cost (issue 11: "idle CPU under
 * 0.5% of a core and RSS under 80 MB"). The agent runs as its own process exactly as the
 * service runs it (`agent/main.ts run`), enrolled and connected to a real collector, with its
 * policy files, outbox and native messaging socket in a temp dir. Measured from /proc (utime +
 * stime, the same counters process.cpuUsage reads, and VmRSS), over the same window as the peer:
 * a bare Node process with one timer, the least any Node service can cost.
 *
 * If Xvfb is installed a second agent runs against a real X display, so the cost of polling
 * xrandr and the focused window (process spawns) is measured too; without X those sources
 * report "no display" once and stop costing anything.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { buildAgent } from '../../agent/build';
import { SERVICE_NODE_FLAGS } from '../../agent/cli';
import { ROOT } from '../support/build-extension';

const TICK = 100; // USER_HZ on Linux
const PAGE_KB = 4;

function treePids(pid: number): number[] {
  const out = [pid];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(...treePids(Number(d)));
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU seconds (user+system) and RSS (MB) of a process and its children, from /proc. */
function sample(pid: number): { cpu: number; rssMb: number } {
  let cpu = 0;
  let rssKb = 0;
  for (const p of treePids(pid)) {
    try {
      const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8').slice(fs.readFileSync(`/proc/${p}/stat`, 'utf8').lastIndexOf(')') + 2).split(' ');
      cpu += (Number(f[11]) + Number(f[12])) / TICK;
      rssKb += Number(f[21]) * PAGE_KB;
    } catch {
      // exited
    }
  }
  return { cpu, rssMb: rssKb / 1024 };
}

async function startAgent(main: string, collectorUrl: string, dir: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...SERVICE_NODE_FLAGS, main, 'run',
      '--data-dir', path.join(dir, 'data'), '--socket', path.join(dir, 'native.sock'), '--policy-dir', path.join(dir, 'policy'),
      '--no-firefox', '--config-file', path.join(dir, 'config.json'),
      '--collector', collectorUrl, '--token', TEST_ENROLMENT_TOKEN, '--device-name', `bench-${path.basename(dir)}`,
    ],
    { cwd: ROOT, env: { ...process.env, DISPLAY: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`agent did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => output.includes('AGENT_READY') && (clearTimeout(t), resolve()));
    child.once('exit', (c) => reject(new Error(`agent exited ${c}:\n${output}`)));
  });
  // Let it enrol, connect and settle before the idle window starts.
  const deadline = Date.now() + 15_000;
  while (!fs.existsSync(path.join(dir, 'data', 'state.json')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  return child;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const seconds = Number(args[0] ?? 60);
  // The bundle the service runs (npm run build → dist/agent/main.js), built beside node_modules.
  const main = await buildAgent(ROOT, path.join(ROOT, 'node_modules', '.cache', 'esafety-agent-bench'));
  const collector = await new CollectorProcess().start();
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  let xvfb: ChildProcess | null = null;
  try {
    const tmp = () => {
      const d = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-agent-bench-'));
      dirs.push(d);
      return d;
    };
    const agent = await startAgent(main, collector.url, tmp(), {});
    children.push(agent);
    let agentX: ChildProcess | null = null;
    if (spawnSync('which', ['Xvfb']).status === 0 && spawnSync('which', ['xrandr']).status === 0) {
      const display = `:${80 + Math.floor(Math.random() * 9)}`;
      xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x1024x24'], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 800));
      agentX = await startAgent(main, collector.url, tmp(), { DISPLAY: display });
      children.push(agentX);
    }
    const peer = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    children.push(peer);
    await new Promise((r) => setTimeout(r, 3_000)); // settle: startup transpile and enrolment are not idle

    const procs = { agent, ...(agentX ? { agentX } : {}), peer };
    const before = Object.fromEntries(Object.entries(procs).map(([k, c]) => [k, sample(c.pid!)]));
    const rssMax: Record<string, number> = Object.fromEntries(Object.keys(procs).map((k) => [k, 0]));
    const t0 = process.hrtime.bigint();
    for (let s = 0; s < seconds; s++) {
      await new Promise((r) => setTimeout(r, 1_000));
      for (const [k, c] of Object.entries(procs)) rssMax[k] = Math.max(rssMax[k]!, sample(c.pid!).rssMb);
    }
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const pct = (k: string) => Number((((sample((procs as Record<string, ChildProcess>)[k]!.pid!).cpu - before[k]!.cpu) / wall) * 100).toFixed(3));
    const figures: Record<string, unknown> = {
      seconds: Math.round(wall),
      agentIdleCpuPct: pct('agent'),
      agentRssMb: Number(rssMax.agent!.toFixed(1)),
      peerIdleCpuPct: pct('peer'),
      peerRssMb: Number(rssMax.peer!.toFixed(1)),
      ...(agentX ? { agentWithXIdleCpuPct: pct('agentX'), agentWithXRssMb: Number(rssMax.agentX!.toFixed(1)) } : { agentWithX: 'not measured: Xvfb/xrandr not installed' }),
      targetCpuPct: 0.5,
      targetRssMb: 80,
    };
    const line = (name: string, cpu: unknown, rss: unknown) => `  ${name.padEnd(34)} CPU ${String(cpu).padStart(7)} % of one core   RSS ${String(rss).padStart(6)} MB\n`;
    process.stdout.write(`Idle over ${figures.seconds} s (agent enrolled and connected to a local collector):\n`);
    process.stdout.write(line('agent (no X display)', figures.agentIdleCpuPct, figures.agentRssMb));
    if (agentX) process.stdout.write(line('agent (Xvfb: xrandr + window polls)', figures.agentWithXIdleCpuPct, figures.agentWithXRssMb));
    process.stdout.write(line('peer: bare node with one timer', figures.peerIdleCpuPct, figures.peerRssMb));
    process.stdout.write(`  targets: CPU < 0.5 %, RSS < 80 MB\n`);
    return figures;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    xvfb?.kill();
    await collector.stop();
    collector.cleanup();
    await new Promise((r) => setTimeout(r, 500));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
}
