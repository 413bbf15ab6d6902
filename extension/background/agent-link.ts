import { AgentToExtension, NATIVE_HOST_NAME } from '../../shared/native/agent-messages';

export interface AgentLinkOptions {
  version: string;
  /** Every message from the agent (board state goes to the board controller's handleAgentMessage). */
  onMessage: (msg: AgentToExtension) => void;
  log?: (msg: string) => void;
}

/**
 * The extension's side of native messaging with the Windows/Linux agent: one port to the
 * agent's host, over which the agent pushes board state the moment the PC starts projecting,
 * and the Windows user and device identity. An open native port also keeps the MV3 worker
 * alive (Chrome 105+), so a push is applied at once. On a Chromebook there is no host: the
 * port closes with "host not found" and we try again only when `retry()` is called (the
 * worker's one-minute alarm), never in a tight loop.
 */
export class AgentLink {
  private port: chrome.runtime.Port | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Why the last connection ended ("Specified native messaging host not found." without an agent). */
  lastError: string | undefined;
  connected = false;

  constructor(private readonly o: AgentLinkOptions) {}

  connect(): void {
    if (this.port) return;
    let port: chrome.runtime.Port;
    try {
      port = chrome.runtime.connectNative(NATIVE_HOST_NAME);
    } catch (err) {
      this.lastError = String(err);
      return;
    }
    this.port = port;
    port.onMessage.addListener((raw: unknown) => {
      this.connected = true;
      this.lastError = undefined;
      const msg = AgentToExtension.safeParse(raw);
      if (msg.success) this.o.onMessage(msg.data);
      else this.o.log?.(`ignored unrecognised message from the agent: ${JSON.stringify(raw).slice(0, 200)}`);
    });
    port.onDisconnect.addListener(() => {
      this.lastError = chrome.runtime.lastError?.message ?? 'disconnected';
      const wasConnected = this.connected;
      this.port = null;
      this.connected = false;
      // The agent restarting (was connected): reconnect soon. No host installed: wait for retry().
      if (wasConnected && !this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.connect();
        }, 2_000);
      }
    });
    port.postMessage({ type: 'hello', extensionVersion: this.o.version });
  }

  /** Called from the worker's periodic alarm. */
  retry(): void {
    if (!this.port) this.connect();
  }
}
