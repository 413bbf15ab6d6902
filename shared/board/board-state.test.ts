import { describe, expect, it } from 'vitest';
import { defaultBoardGroup, type BoardGroupPolicy } from '../policy/board-section';
import { initialSignals, resolveBoard, teacherToggle, withSignal, type BoardSignals } from './board-state';

const staff = defaultBoardGroup('staff');
const policy = (patch: Partial<BoardGroupPolicy>): BoardGroupPolicy => ({ ...staff, ...patch });
const apply = (...steps: [Parameters<typeof withSignal>[1], boolean | null, string?][]): BoardSignals =>
  steps.reduce((s, [name, on, by]) => withSignal(s, name, on, by), initialSignals());

describe('resolveBoard', () => {
  it('is off with nothing attached, on when a second display is attached, off again when removed', () => {
    expect(resolveBoard(initialSignals(), staff)).toMatchObject({ on: false, reason: 'display' });
    expect(resolveBoard(apply(['display', true]), staff)).toMatchObject({ on: true, reason: 'display' });
    expect(resolveBoard(apply(['display', true], ['display', false]), staff)).toMatchObject({ on: false });
  });

  it('the Windows agent signal counts like a display', () => {
    expect(resolveBoard(apply(['agent', true]), staff)).toMatchObject({ on: true, reason: 'agent' });
  });

  it('ignores displays when policy turns the display trigger off', () => {
    expect(resolveBoard(apply(['display', true]), policy({ triggers: { ...staff.triggers, display: false } }))).toMatchObject({ on: false, reason: 'policy' });
  });

  it('a designated board PC is always on', () => {
    expect(resolveBoard(initialSignals(), policy({ designated: true }))).toMatchObject({ on: true, reason: 'designated' });
  });

  it('a teacher may switch it on early; plugging in then unplugging ends with it off', () => {
    const early = apply(['teacher', true, 'Mrs Patel']);
    expect(resolveBoard(early, staff)).toEqual({ on: true, reason: 'teacher', by: 'Mrs Patel' });
    const plugged = withSignal(early, 'display', true);
    expect(resolveBoard(plugged, staff)).toMatchObject({ on: true, reason: 'display' });
    expect(resolveBoard(withSignal(plugged, 'display', false), staff)).toMatchObject({ on: false });
  });

  it('a teacher cannot switch it off while projecting where policy forbids, and can where it allows', () => {
    const s = apply(['display', true], ['teacher', false, 'Mr Jones']);
    expect(resolveBoard(s, staff)).toMatchObject({ on: true, reason: 'display' });
    expect(teacherToggle(apply(['display', true]), staff, false)).toEqual({
      accepted: false,
      message: "The school's policy keeps board mode on while the board is projecting.",
    });
    const lenient = policy({ teacherCanSwitchOff: true });
    expect(teacherToggle(apply(['display', true]), lenient, false)).toEqual({ accepted: true });
    expect(resolveBoard(s, lenient)).toEqual({ on: false, reason: 'teacher', by: 'Mr Jones' });
  });

  it('a teacher cannot use the toggle where policy gives teachers no say', () => {
    const p = policy({ triggers: { ...staff.triggers, teacher: false } });
    expect(teacherToggle(initialSignals(), p, true).accepted).toBe(false);
    expect(resolveBoard(apply(['teacher', true]), p)).toMatchObject({ on: false });
  });

  it('the collector command wins over everything until set back to automatic', () => {
    const on = apply(['collector', true, 'DSL Smith']);
    expect(resolveBoard(on, staff)).toEqual({ on: true, reason: 'collector', by: 'DSL Smith' });
    expect(teacherToggle(on, policy({ teacherCanSwitchOff: true }), false).accepted).toBe(false);
    const off = apply(['display', true], ['collector', false, 'IT']);
    expect(resolveBoard(off, staff)).toEqual({ on: false, reason: 'collector', by: 'IT' });
    expect(resolveBoard(withSignal(off, 'collector', null), staff)).toMatchObject({ on: true, reason: 'display' });
  });

  it('a collector command is ignored where policy does not allow it', () => {
    const p = policy({ triggers: { ...staff.triggers, collector: false } });
    expect(resolveBoard(apply(['collector', true]), p)).toMatchObject({ on: false });
  });
});
