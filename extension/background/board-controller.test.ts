import { describe, expect, it } from 'vitest';
import { BOARD_RULE_ID_MIN } from '../../shared/board/board-rules';
import { MemoryOutboxStore, Outbox } from '../../shared/outbox/outbox';
import { defaultPolicy } from '../../shared/policy/defaults';
import { resolvePolicy, type EffectivePolicy } from '../../shared/policy/resolve';
import type { BoardChangeEvent } from '../../shared/protocol/events';
import { fakeDynamicRules } from '../platform/dnr';
import { fakeOpenTabs } from '../platform/open-tabs';
import { memoryArea } from '../platform/storage';
import { BoardController } from './board-controller';
import { handleAgentMessage, handleBoardCommand } from './board-messages';

const ORIGIN = 'chrome-extension://abc';

function setup(opts: { policy?: EffectivePolicy; store?: ReturnType<typeof memoryArea>; rules?: ReturnType<typeof fakeDynamicRules>; outboxStore?: MemoryOutboxStore } = {}) {
  const rules = opts.rules ?? fakeDynamicRules();
  const store = opts.store ?? memoryArea();
  const outboxStore = opts.outboxStore ?? new MemoryOutboxStore();
  const tabs = fakeOpenTabs([
    { id: 1, url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
    { id: 2, url: 'https://www.bbc.co.uk/bitesize' },
    { id: 3, url: 'https://www.google.com/search?q=volcanoes' },
  ]);
  let delivered = 0;
  let policy = opts.policy ?? resolvePolicy(defaultPolicy(), { group: 'staff' });
  const board = new BoardController({
    rules,
    store,
    outbox: new Outbox(outboxStore),
    deliver: () => delivered++,
    tabs,
    policy: () => policy,
    user: () => 'teacher@school.example',
    extensionOrigin: ORIGIN,
  });
  const events = async () => (await outboxStore.loadAll()).sort((a, b) => a.seq - b.seq).map((i) => i.event as BoardChangeEvent);
  return { board, rules, store, tabs, outboxStore, events, delivered: () => delivered, setPolicy: (p: EffectivePolicy) => (policy = p) };
}

describe('BoardController', () => {
  it('puts board rules in force on a display signal and removes them when it goes', async () => {
    const t = setup();
    await t.board.load();
    await t.board.refresh();
    expect(t.rules.rules).toEqual([]);
    expect(await t.board.setSignal('display', true)).toMatchObject({ on: true, reason: 'display' });
    expect(t.rules.rules.length).toBeGreaterThan(4);
    expect(t.rules.rules.every((r) => r.id >= BOARD_RULE_ID_MIN)).toBe(true);
    expect(await t.board.setSignal('display', false)).toMatchObject({ on: false });
    expect(t.rules.rules).toEqual([]);
  });

  it('queues one board_change event per switch (on/off, why, by whom) and asks for delivery', async () => {
    const t = setup();
    await t.board.load();
    await t.board.refresh();
    await t.board.setSignal('display', true);
    await t.board.setSignal('teacher', true, 'Mrs Patel'); // already on: no second event
    await t.board.setSignal('display', false);
    expect((await t.events()).map((e) => [e.on, e.reason, e.by, e.user])).toEqual([
      [true, 'display', 'display', 'teacher@school.example'],
      [false, 'display', 'display', 'teacher@school.example'],
    ]);
    expect(t.delivered()).toBe(2);
  });

  it('moves open YouTube tabs to the board page and open search to the kid-safe engine when it turns on', async () => {
    const t = setup();
    await t.board.setSignal('display', true);
    expect(t.tabs.tabs.map((x) => x.url)).toEqual([
      `${ORIGIN}/pages/board.html?why=youtube#https://www.youtube.com/watch?v=dQw4w9WgXcQ`,
      'https://www.bbc.co.uk/bitesize',
      'https://www.kiddle.co/s.php?q=volcanoes',
    ]);
  });

  it('keeps the teacher and collector choices across a worker restart, without a duplicate event', async () => {
    const store = memoryArea();
    const rules = fakeDynamicRules();
    const outboxStore = new MemoryOutboxStore();
    const first = setup({ store, rules, outboxStore });
    await first.board.load();
    handleBoardCommand(first.board, { kind: 'board', on: true, by: 'DSL Smith' });
    await first.board.refresh();
    const again = setup({ store, rules, outboxStore });
    await again.board.load();
    expect(await again.board.refresh()).toMatchObject({ on: true, reason: 'collector', by: 'DSL Smith' });
    expect((await again.events()).length).toBe(1);
    handleBoardCommand(again.board, { kind: 'board-auto' });
    expect(await again.board.refresh()).toMatchObject({ on: false });
  });

  it('a worker restart while projecting is not logged as a switch, and the agent signal survives it', async () => {
    const store = memoryArea();
    const rules = fakeDynamicRules();
    const outboxStore = new MemoryOutboxStore();
    const first = setup({ store, rules, outboxStore });
    await first.board.load();
    await first.board.setSignal('agent', true);
    const again = setup({ store, rules, outboxStore });
    await again.board.load();
    expect(await again.board.setSignal('display', false)).toMatchObject({ on: true, reason: 'agent' });
    expect((await again.events()).map((e) => [e.on, e.reason])).toEqual([[true, 'agent']]);
  });

  it('obeys policy: a teacher cannot switch off while projecting, and the answer says why', async () => {
    const t = setup();
    await t.board.setSignal('display', true);
    const r = await t.board.teacherToggle(false, 'Mr Jones');
    expect(r).toMatchObject({ accepted: false, message: "The school's policy keeps board mode on while the board is projecting." });
    expect(r.status).toMatchObject({ on: true, teacherCan: { on: true, off: false } });
  });

  it('follows policy changes while on: approved videos appear in the rules', async () => {
    const t = setup();
    await t.board.setSignal('display', true);
    const before = t.rules.updates;
    const doc = defaultPolicy();
    doc.board.approvedVideos = [{ id: 'Aa1Bb2Cc3Dd', title: 'Water cycle' }];
    t.setPolicy(resolvePolicy(doc, { group: 'staff' }));
    await t.board.refresh();
    expect(t.rules.updates).toBe(before + 1);
    expect(t.rules.rules.some((r) => r.condition.urlFilter === '/embed/Aa1Bb2Cc3Dd^')).toBe(true);
    await t.board.refresh();
    expect(t.rules.updates).toBe(before + 1); // no-op updates are skipped
  });

  it('reports a rule update the browser refuses, once, and keeps working', async () => {
    const rules = fakeDynamicRules();
    const t = setup({ rules });
    const update = rules.update;
    rules.update = async () => {
      throw new Error('Rule with id 10010 specifies an incorrect value for the "requestDomains" key.');
    };
    await expect(t.board.setSignal('display', true)).rejects.toThrow(/requestDomains/);
    await expect(t.board.setSignal('teacher', true)).rejects.toThrow(/requestDomains/);
    const tamper = (await t.outboxStore.loadAll()).map((i) => i.event).filter((e) => e.type === 'tamper');
    expect(tamper).toHaveLength(1);
    expect(tamper[0]).toMatchObject({ kind: 'other', detail: expect.stringContaining('board mode could not be applied') });
    rules.update = update;
    expect(await t.board.refresh()).toMatchObject({ on: true });
  });

  it('takes the Windows agent\'s {type:"board", on} native message and ignores anything else', async () => {
    const t = setup();
    expect(handleAgentMessage(t.board, { type: 'board', on: true })).toBe(true);
    expect(handleAgentMessage(t.board, { type: 'board', on: 'yes' })).toBe(false);
    expect(handleAgentMessage(t.board, { type: 'identity', user: 'x' })).toBe(false);
    expect(await t.board.refresh()).toMatchObject({ on: true, reason: 'agent' });
  });
});
