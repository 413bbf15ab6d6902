import { orderMigrations } from '../migration';
import { COLLECTOR_MIGRATIONS } from './collector';
import { DASHBOARD_MIGRATIONS } from './dashboard';
import { DEPLOY_MIGRATIONS } from './deploy';

/** Every pg migration, ascending. Each owner appends to its own file only. */
export const PG_MIGRATIONS = orderMigrations(COLLECTOR_MIGRATIONS, DASHBOARD_MIGRATIONS, DEPLOY_MIGRATIONS);
