import { describe, expect, it } from 'vitest';
import { displayTopology } from './display-topology';

describe('displayTopology', () => {
  it('one laptop screen is not projecting', () => {
    expect(displayTopology([{ id: '1', isInternal: true, isEnabled: true }]).projecting).toBe(false);
  });
  it('a single external monitor (desktop PC) is not projecting', () => {
    expect(displayTopology([{ id: '1', isInternal: false }]).projecting).toBe(false);
  });
  it('a second display, extended, is projecting', () => {
    const t = displayTopology([{ id: '1', isInternal: true }, { id: '2', isInternal: false }]);
    expect(t).toEqual({ projecting: true, description: '2 displays, extended' });
  });
  it('mirror mode is projecting even when only one unit is reported', () => {
    expect(displayTopology([{ id: '1', mirroringDestinationIds: ['2'] }]).projecting).toBe(true);
    expect(displayTopology([{ id: '2', mirroringSourceId: '1' }]).projecting).toBe(true);
  });
  it('a unified desktop is projecting', () => {
    expect(displayTopology([{ id: '1', isUnified: true }]).projecting).toBe(true);
  });
  it('a disabled second display does not count; no display at all is not projecting', () => {
    expect(displayTopology([{ id: '1' }, { id: '2', isEnabled: false }]).projecting).toBe(false);
    expect(displayTopology([])).toEqual({ projecting: false, description: 'no display' });
  });
});
