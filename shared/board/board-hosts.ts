import type { EffectivePolicy } from '../policy/resolve';

/**
 * Hosts board mode closes while a classroom board is projecting (seed 002: "Staff are not to
 * use Google/YouTube on the smart board whilst the board is projecting"), and the vetted
 * route that stays open.
 */
export const YOUTUBE_HOSTS: readonly string[] = [
  'youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtu.be',
  'youtube-nocookie.com',
  'googlevideo.com',
  'ytimg.com',
];

export const VETTED_VIDEO_HOSTS: readonly string[] = ['viewpure.com'];

/** Browser-policy URLBlocklist entries for board mode: the baseline that holds without the extension. */
export function boardBlocklist(policy: EffectivePolicy): string[] {
  return [...new Set([...YOUTUBE_HOSTS, ...policy.board.extraBlockedHosts])].sort();
}
