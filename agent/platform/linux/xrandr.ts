import type { CommandRunner, DisplaySource, DisplayTopology } from '../types';

/**
 * Parse `xrandr --query`: an output is active when its line carries a geometry
 * (`HDMI-1 connected 1920x1080+1920+0 …`); "connected" with no geometry is plugged in but off.
 * Two active outputs at the same offset mirror each other (duplicate), otherwise they extend.
 */
export function parseXrandr(text: string): DisplayTopology {
  const active: { name: string; at: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\S+) connected (?:primary )?(\d+)x(\d+)\+(\d+)\+(\d+)/.exec(line);
    if (m) active.push({ name: m[1]!, at: `${m[4]}+${m[5]}` });
  }
  const offsets = new Set(active.map((a) => a.at));
  const mode = active.length <= 1 ? 'single' : offsets.size === 1 ? 'duplicate' : 'extend';
  return { active: active.length, mode, outputs: active.map((a) => a.name) };
}

/** Display topology from the X server (board PCs running Linux desktops). */
export class XrandrDisplay implements DisplaySource {
  constructor(
    private readonly runner: CommandRunner,
    private readonly display = process.env.DISPLAY,
  ) {}

  async read(): Promise<DisplayTopology> {
    if (!this.display) throw new Error('no X display (DISPLAY is not set): cannot read the monitor topology');
    const r = await this.runner.run('xrandr', ['--query'], { env: { DISPLAY: this.display } });
    if (r.code !== 0) throw new Error(`xrandr failed (${r.code}): ${r.stderr.trim() || 'no output'}`);
    return parseXrandr(r.stdout);
  }
}
