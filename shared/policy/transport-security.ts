/**
 * Devices talk to their collector over TLS (https:// and wss://). Plain http:// / ws:// is
 * allowed only to this machine (localhost, 127.0.0.0/8, ::1), or when IT has explicitly set
 * `allowInsecureTransport` in the managed configuration (testing only).
 */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  } catch {
    return false;
  }
}

/** Why a collector URL must not be used, or null if it may. */
export function insecureTransportProblem(url: string, allowInsecureTransport: boolean | undefined): string | null {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return `collector URL "${url}" is not a URL`;
  }
  if (protocol === 'https:' || protocol === 'wss:') return null;
  if (protocol !== 'http:' && protocol !== 'ws:') return `collector URL must use https:// (not ${protocol})`;
  if (isLoopbackUrl(url) || allowInsecureTransport === true) return null;
  return `refused plain ${protocol.slice(0, -1)}:// to ${new URL(url).host}: use https:// (allowInsecureTransport in the managed configuration permits it for testing only)`;
}
