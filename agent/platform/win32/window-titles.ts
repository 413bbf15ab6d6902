import type { CommandRunner, ForegroundWindow, WindowTitleSource } from '../types';
import { POWERSHELL, psArgs } from './displays';

/**
 * The focused window's title, process and owner (user32 GetForegroundWindow, GetWindowText,
 * GetWindowThreadProcessId; Win32_Process.GetOwner). It must run in the interactive session:
 * from the service's session 0 there is no foreground window, so the installer registers a
 * logon task that runs `agent title-helper` as the signed-in user (see schtasksCreateArgs).
 */
export const FOREGROUND_SCRIPT = [
  "Add-Type -Namespace ESafety -Name W -MemberDefinition '",
  '[DllImport("user32.dll")] public static extern System.IntPtr GetForegroundWindow();',
  '[DllImport("user32.dll", CharSet = CharSet.Unicode)] public static extern int GetWindowText(System.IntPtr h, System.Text.StringBuilder s, int n);',
  '[DllImport("user32.dll")] public static extern uint GetWindowThreadProcessId(System.IntPtr h, out uint p);',
  "';",
  '$h = [ESafety.W]::GetForegroundWindow();',
  '$sb = New-Object System.Text.StringBuilder 1024;',
  '[void][ESafety.W]::GetWindowText($h, $sb, 1024);',
  '$p = [uint32]0; [void][ESafety.W]::GetWindowThreadProcessId($h, [ref]$p);',
  '$proc = Get-CimInstance Win32_Process -Filter "ProcessId=$p";',
  '$o = if ($proc) { Invoke-CimMethod -InputObject $proc -MethodName GetOwner } else { $null };',
  '[pscustomobject]@{ Title = $sb.ToString(); Process = $proc.Name; User = if ($o -and $o.User) { "$($o.Domain)\\$($o.User)" } else { $null } } | ConvertTo-Json -Compress',
].join(' ');

/**
 * The same lookup in one long-lived PowerShell (the logon helper's source): it prints one JSON
 * line whenever the focused window changes, so nothing is started every poll (starting
 * PowerShell costs a few hundred ms of CPU each time).
 */
export const foregroundWatchScript = (intervalMs = 1_000): string =>
  [
    FOREGROUND_SCRIPT.slice(0, FOREGROUND_SCRIPT.indexOf('$h = ')),
    "$last = '';",
    'while ($true) {',
    '$h = [ESafety.W]::GetForegroundWindow();',
    '$sb = New-Object System.Text.StringBuilder 1024;',
    '[void][ESafety.W]::GetWindowText($h, $sb, 1024);',
    '$key = "$h|$($sb.ToString())";',
    // Only a change of window or title costs a WMI lookup (process name and owner).
    'if ($key -ne $last) {',
    '$last = $key;',
    '$p = [uint32]0; [void][ESafety.W]::GetWindowThreadProcessId($h, [ref]$p);',
    '$proc = Get-CimInstance Win32_Process -Filter "ProcessId=$p";',
    '$o = if ($proc) { Invoke-CimMethod -InputObject $proc -MethodName GetOwner } else { $null };',
    '$j = [pscustomobject]@{ Title = $sb.ToString(); Process = $proc.Name; User = if ($o -and $o.User) { "$($o.Domain)\\$($o.User)" } else { $null } } | ConvertTo-Json -Compress;',
    '[Console]::Out.WriteLine($j); [Console]::Out.Flush()',
    '};',
    `Start-Sleep -Milliseconds ${intervalMs}`,
    '}',
  ].join(' ');

/** The user at the console, as Windows reports it to SYSTEM ("DOMAIN\\user"; empty when nobody is signed in). */
export const INTERACTIVE_USER_SCRIPT = '(Get-CimInstance Win32_ComputerSystem).UserName';

export function parseForegroundJson(text: string): ForegroundWindow | null {
  const t = text.trim();
  if (!t) return null;
  const o = JSON.parse(t) as { Title?: string | null; Process?: string | null; User?: string | null };
  if (!o.Title) return null;
  return { title: o.Title, process: o.Process ?? 'unknown', user: o.User ?? undefined };
}

export const parseInteractiveUser = (text: string): string | undefined => text.trim() || undefined;

/** Task Scheduler: run the title helper at every logon, as the user who signs in (group Users). */
export const schtasksCreateArgs = (helperCommand: string): string[] => [
  '/Create',
  '/F',
  '/TN',
  'ESafety\\WindowTitles',
  '/SC',
  'ONLOGON',
  '/RU',
  'BUILTIN\\Users',
  '/RL',
  'LIMITED',
  '/TR',
  helperCommand,
];
export const schtasksDeleteArgs = (): string[] => ['/Delete', '/F', '/TN', 'ESafety\\WindowTitles'];

export class Win32WindowTitles implements WindowTitleSource {
  constructor(
    private readonly runner: CommandRunner,
    private readonly sessionId: () => number | null = () => null,
  ) {}

  async unavailableReason(): Promise<string | null> {
    if (this.sessionId() === 0) return 'running as a service in session 0: window titles come from the per-user logon helper (agent title-helper)';
    return null;
  }

  async foreground(): Promise<ForegroundWindow | null> {
    const r = await this.runner.run(POWERSHELL, psArgs(FOREGROUND_SCRIPT));
    if (r.code !== 0) return null;
    return parseForegroundJson(r.stdout);
  }

  async interactiveUser(): Promise<string | undefined> {
    const r = await this.runner.run(POWERSHELL, psArgs(INTERACTIVE_USER_SCRIPT));
    return r.code === 0 ? parseInteractiveUser(r.stdout) : undefined;
  }
}
