export interface ServiceLayout {
  /** Where the product is installed (the folder with package.json and dist/). */
  installDir: string;
  /** Absolute path of the node binary. */
  nodePath: string;
  /** The environment file holding PORT, DATA_DIR, TLS_CERT… (node --env-file). */
  envFile: string;
  /** Service account. */
  user: string;
  dataDir: string;
}

export const DEFAULT_LINUX_LAYOUT: Omit<ServiceLayout, 'installDir' | 'nodePath'> = {
  envFile: '/etc/esafety/collector.env',
  user: 'esafety',
  dataDir: '/var/lib/esafety',
};

const assertPlain = (what: string, v: string) => {
  if (!/^[A-Za-z0-9_./@:+-]+$/.test(v)) throw new Error(`${what} "${v}" must be a plain path or name (letters, digits, . / _ - @ : +) to go in a unit file`);
  return v;
};

/**
 * The systemd unit for the collector: restarts on failure, stops with SIGTERM (graceful
 * drain, see server/service/graceful-shutdown.ts) within TimeoutStopSec, reloads the TLS
 * certificate on `systemctl reload`, and runs sandboxed with write access to DATA_DIR only.
 */
export function systemdUnit(l: ServiceLayout): string {
  const install = assertPlain('install folder', l.installDir);
  return `[Unit]
Description=School E-safety collector (device ingest and dashboard)
Documentation=file://${install}/README.md
After=network-online.target postgresql.service
Wants=network-online.target

[Service]
Type=simple
User=${assertPlain('user', l.user)}
Group=${l.user}
WorkingDirectory=${install}
EnvironmentFile=${assertPlain('environment file', l.envFile)}
Environment=NODE_ENV=production
ExecStart=${assertPlain('node path', l.nodePath)} dist/server/main.js
ExecReload=/bin/kill -HUP $MAINPID
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=5
UMask=0077
ReadWritePaths=${assertPlain('data folder', l.dataDir)}
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectControlGroups=yes
RestrictSUIDSGID=yes
LockPersonality=yes
# Uncomment to listen on port 443 directly (PORT=443) without running as root:
#AmbientCapabilities=CAP_NET_BIND_SERVICE

[Install]
WantedBy=multi-user.target
`;
}

/** The environment file the unit reads: the collector's settings (README "Configuration"). */
export function collectorEnvFile(o: { dataDir: string; publicUrl?: string | undefined; tls: boolean }): string {
  return [
    '# School E-safety collector settings (see README, "Configuration").',
    'PORT=8470',
    'HOST=0.0.0.0',
    `DATA_DIR=${o.dataDir}`,
    `PUBLIC_URL=${o.publicUrl ?? 'https://esafety.school.example'}`,
    `${o.tls ? '' : '#'}TLS_CERT=/etc/esafety/tls/fullchain.pem`,
    `${o.tls ? '' : '#'}TLS_KEY=/etc/esafety/tls/privkey.pem`,
    '# Behind nginx/Caddy/IIS that terminates TLS: TRUST_PROXY=1 and HOST=127.0.0.1',
    'TRUST_PROXY=0',
    '#DATABASE_URL=postgres://esafety@localhost/esafety',
    'EXTENSION_DIR=dist/extension',
    '',
  ].join('\n');
}

/** Parse a unit file into sections of key → values (repeated keys kept), for checks. */
export function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[([A-Za-z]+)\]$/.exec(line);
    if (section) {
      sections.set(section[1]!, (current = new Map()));
      return;
    }
    const eq = line.indexOf('=');
    if (!current || eq <= 0) throw new Error(`unit line ${i + 1} is not "Key=value" inside a [Section]: ${raw}`);
    const key = line.slice(0, eq);
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1)]);
  });
  return sections;
}
