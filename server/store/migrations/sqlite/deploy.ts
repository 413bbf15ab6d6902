import type { Migration } from '../migration';

/** Deploy-owned sqlite migrations: numbers 40-49. */
export const DEPLOY_MIGRATIONS: readonly Migration[] = [];
