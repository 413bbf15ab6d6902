import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/wait';
import { NativeBridge } from './bridge';
import { FrameDecoder, encodeFrame } from './framing';

describe('native messaging', () => {
  it('frames are a 4-byte little-endian length then UTF-8 JSON, decoded across chunk boundaries', () => {
    const f = encodeFrame({ type: 'board', on: true, reason: 'display', note: 'é' });
    expect(f.readUInt32LE(0)).toBe(f.length - 4);
    const d = new FrameDecoder();
    const both = Buffer.concat([f, encodeFrame({ type: 'ping' })]);
    expect(d.push(both.subarray(0, 3))).toEqual([]);
    expect(d.push(both.subarray(3, 20))).toEqual([]);
    expect(d.push(both.subarray(20))).toEqual([{ type: 'board', on: true, reason: 'display', note: 'é' }, { type: 'ping' }]);
    expect(() => new FrameDecoder(10).push(encodeFrame({ long: 'x'.repeat(20) }))).toThrow(/over the 10-byte limit/);
  });

  it('the host process relays agent pushes to stdout frames and extension frames to the agent, as Chrome would run it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-nh-'));
    const socketPath = path.join(dir, 'native.sock');
    const bridge = new NativeBridge(socketPath);
    await bridge.listen();
    bridge.publish({ type: 'board', on: false, reason: 'display' });
    const host = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../main.ts'), 'native-host', '--socket', socketPath, 'chrome-extension://nipfnnhggfaijbpfacionjfcoeegeefh/'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const got: { type: string; on?: boolean }[] = [];
    const dec = new FrameDecoder();
    host.stdout.on('data', (c: Buffer) => got.push(...(dec.push(c) as typeof got)));
    try {
      await waitFor('current board state on connect', async () => got.some((m) => m.type === 'board' && m.on === false), 15_000);
      host.stdin.write(encodeFrame({ type: 'hello', extensionVersion: '0.1.0' }));
      await waitFor('hello reached the agent', async () => bridge.extensionVersion === '0.1.0', 5_000);
      expect(bridge.connections).toBe(1);
      bridge.publish({ type: 'board', on: true, reason: 'display' });
      await waitFor('board on relayed', async () => got.at(-1)?.on === true, 5_000);
      host.stdin.end(); // Chrome closing the port: the host exits
      const code = await new Promise((r) => host.once('exit', r));
      expect(code).toBe(0);
      await waitFor('disconnect seen', async () => bridge.connections === 0, 5_000);
    } finally {
      host.kill();
      await bridge.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
