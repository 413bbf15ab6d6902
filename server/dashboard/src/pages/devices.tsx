import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { when } from '../components/format';
import type { Me } from '../types';

interface Device {
  id: string;
  name: string | null;
  kind: string;
  group: string | null;
  version: string | null;
  /** An extension on an older version than the collector publishes. */
  updatePending: boolean;
  lastSeenAt: string | null;
  boardOn: boolean;
  policyVersion: number | null;
  revoked: boolean;
  connected: boolean;
  tamperAlerts30d: number;
  health: string;
}

/** How far the extension version this collector publishes has reached (devices update within minutes of connecting). */
function Rollout({ devices, published }: { devices: Device[]; published: string }) {
  const extensions = devices.filter((d) => d.kind === 'extension' && !d.revoked && d.version);
  const pending = extensions.filter((d) => d.updatePending).length;
  return (
    <p id="rollout" class="muted">
      Extension version published: {published}.{' '}
      {extensions.length === 0
        ? 'No extension has reported in yet.'
        : pending === 0
          ? extensions.length === 1
            ? 'The one reporting extension runs it.'
            : `All ${extensions.length} reporting extensions run it.`
          : `${pending} of ${extensions.length} reporting extension${extensions.length === 1 ? ' is' : 's are'} still on an older version; each updates within minutes of coming online.`}
    </p>
  );
}

/** The fleet: last seen, version, board state, tamper alerts; board mode can be switched from here. */
export function DevicesPage({ me }: { me: Me }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [msg, setMsg] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api.get<{ devices: Device[]; publishedExtension: string | null }>('/api/dashboard/devices').then(
      (r) => {
        setDevices(r.devices);
        setPublished(r.publishedExtension);
      },
      (e: Error) => setError(e.message),
    );
  }, [tick]);
  const board = async (d: Device, on: boolean) => {
    try {
      const r = await api.post<{ delivered: boolean }>(`/api/devices/${encodeURIComponent(d.id)}/command`, { kind: 'board', on });
      setMsg(r.delivered ? `Board mode ${on ? 'on' : 'off'} sent to ${d.name ?? d.id}.` : `${d.name ?? d.id} is not connected; try again when it is online.`);
      setTimeout(() => setTick((t) => t + 1), 1500);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section>
      <h1>Devices</h1>
      <p role="status" class="ok">{msg}</p>
      {error && <p role="alert" class="error">{error}</p>}
      {devices && published && <Rollout devices={devices} published={published} />}
      {devices && (
        <table id="devices">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Type</th>
              <th scope="col">Health</th>
              <th scope="col">Last seen</th>
              <th scope="col">Version</th>
              <th scope="col">Policy</th>
              <th scope="col">Board mode</th>
              <th scope="col">Tamper alerts (30 days)</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} class={d.health === 'reporting' ? '' : 'warn'}>
                <td>
                  {d.name ?? d.id}
                  <div class="muted">{d.group ?? ''}</div>
                </td>
                <td>{d.kind}</td>
                <td>
                  {d.health}
                  {d.connected && <span class="tag ok-tag">online</span>}
                </td>
                <td>{when(d.lastSeenAt)}</td>
                <td>
                  {d.version ?? '—'}
                  {d.updatePending && (
                    <>
                      {' '}
                      <span class="tag" title={`An older version than the one published; it updates within minutes of coming online`}>
                        updating
                      </span>
                    </>
                  )}
                </td>
                <td>{d.policyVersion ?? '—'}</td>
                <td>
                  {d.boardOn ? 'On' : 'Off'}{' '}
                  {me.role !== 'governor' && d.connected && (
                    <button type="button" class="small" onClick={() => board(d, !d.boardOn)}>
                      Turn {d.boardOn ? 'off' : 'on'}
                    </button>
                  )}
                </td>
                <td>{d.tamperAlerts30d}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {devices?.length === 0 && <p>No devices enrolled yet.</p>}
    </section>
  );
}
