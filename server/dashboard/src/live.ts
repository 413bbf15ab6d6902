import { useEffect, useRef } from 'preact/hooks';

/**
 * The staff live socket (/api/live, authenticated by the session cookie): calls `onAlert` when a
 * new alert arrives, and reconnects after a drop so the list keeps updating without a reload.
 * `onMissed` runs when live events may have been missed: each time the collector confirms the
 * subscription (its `hello`, so an alert stored between the page's first fetch and the socket
 * opening, or during a drop, still shows) and when it says so after its cluster link recovered.
 * The caller re-fetches its list.
 */
export function useLiveAlerts(onAlert: (alert: { id: string; severity: number }) => void, onMissed?: () => void): void {
  const handler = useRef(onAlert);
  handler.current = onAlert;
  const missed = useRef(onMissed);
  missed.current = onMissed;
  useEffect(() => {
    let ws: WebSocket | null = null;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/live`);
      ws.onmessage = (m) => {
        try {
          const e = JSON.parse(String(m.data)) as { type: string; alert?: { id: string; severity: number } };
          if (e.type === 'alert' && e.alert) handler.current(e.alert);
          else if (e.type === 'hello' || e.type === 'resync') missed.current?.();
        } catch {
          // ignore a malformed frame; the next reload shows the truth
        }
      };
      ws.onclose = () => {
        if (!stopped) retry = setTimeout(open, 3000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      ws?.close();
    };
  }, []);
}
