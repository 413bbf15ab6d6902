import fs from 'node:fs';
import path from 'node:path';
import type { OutboxItem, OutboxStore } from '../../shared/outbox/outbox';

type JournalLine = { p: OutboxItem } | { d: string[] };

/**
 * The agent's durable outbox: an append-only JSON-lines journal ("put item" / "delete ids"),
 * fsynced before `put`/`delete` resolve, so an event the Outbox has accepted survives a crash,
 * a power cut or days offline. Replaying the journal gives the queue back; when dead lines
 * outnumber live ones the journal is rewritten (temp file, fsync, rename) to stay small.
 */
export class FileOutboxStore implements OutboxStore {
  private live = new Map<string, OutboxItem>();
  private lines = 0;
  private fd: number | null = null;
  /** Lines that could not be read back (e.g. the last line torn by a power cut). */
  readonly problems: string[] = [];

  constructor(
    private readonly file: string,
    private readonly compactAfterLines = 2_000,
  ) {}

  async loadAll(): Promise<OutboxItem[]> {
    this.live.clear();
    this.lines = 0;
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const rows = text.split('\n');
    rows.forEach((row, i) => {
      if (!row.trim()) return;
      this.lines++;
      let line: JournalLine;
      try {
        line = JSON.parse(row) as JournalLine;
      } catch {
        this.problems.push(`outbox journal line ${i + 1} unreadable (${row.length} bytes)${i >= rows.length - 2 ? ': torn by an interrupted write' : ''}`);
        return;
      }
      if ('p' in line && line.p && typeof line.p.id === 'string') this.live.set(line.p.id, line.p);
      else if ('d' in line && Array.isArray(line.d)) for (const id of line.d) this.live.delete(id);
    });
    // A torn last line would corrupt the next append: start from a clean journal.
    if (this.problems.length || this.lines > this.live.size * 2 + this.compactAfterLines) this.compact();
    return [...this.live.values()];
  }

  async put(items: OutboxItem[]): Promise<void> {
    for (const i of items) this.live.set(i.id, i);
    this.append(items.map((p) => ({ p })));
  }

  async delete(ids: string[]): Promise<void> {
    if (!ids.length) return;
    for (const id of ids) this.live.delete(id);
    this.append([{ d: ids }]);
    if (this.lines > this.live.size * 2 + this.compactAfterLines) this.compact();
  }

  /** Journal size on disk, for status output. */
  get bytesOnDisk(): number {
    return fs.statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private append(lines: JournalLine[]): void {
    if (!lines.length) return;
    if (this.fd === null) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      this.fd = fs.openSync(this.file, 'a', 0o600);
    }
    fs.writeSync(this.fd, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    fs.fsyncSync(this.fd);
    this.lines += lines.length;
  }

  private compact(): void {
    this.close();
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.compact`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      const items = [...this.live.values()].sort((a, b) => a.seq - b.seq);
      if (items.length) fs.writeSync(fd, items.map((p) => JSON.stringify({ p })).join('\n') + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    this.lines = this.live.size;
  }
}
