import os from 'node:os';
import type { IdentitySource } from './types';

/** node-machine-id (Windows MachineGuid, /etc/machine-id, IOPlatformUUID), hashed; loaded lazily. */
export const machineIdentity: IdentitySource = {
  async machineId() {
    const mod = (await import('node-machine-id')) as unknown as { machineId?: (o?: boolean) => Promise<string>; default?: { machineId: (o?: boolean) => Promise<string> } };
    const fn = mod.machineId ?? mod.default?.machineId;
    if (!fn) throw new Error('node-machine-id did not load');
    return fn();
  },
  hostName: () => os.hostname(),
};
