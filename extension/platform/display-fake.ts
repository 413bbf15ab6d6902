import type { DisplayUnit } from '../../shared/board/display-topology';
import type { DisplaySource } from './display';

/** A display list tests can change; fires onChanged like chrome.system.display.onDisplayChanged. */
export class FakeDisplaySource implements DisplaySource {
  private listeners: (() => void)[] = [];

  constructor(private displays: DisplayUnit[] = [{ id: 'internal', name: 'Built-in display', isInternal: true, isEnabled: true, isPrimary: true }]) {}

  async read(): Promise<DisplayUnit[]> {
    return structuredClone(this.displays);
  }

  onChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  set(displays: DisplayUnit[]): void {
    this.displays = structuredClone(displays);
    for (const l of this.listeners) l();
  }
}
