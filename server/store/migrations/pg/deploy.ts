import type { Migration } from '../migration';

/** Deploy-owned pg migrations: numbers 40-49. */
export const DEPLOY_MIGRATIONS: readonly Migration[] = [];
