import type { Logger } from '../log';
import type { PgStore } from '../store/pg';
import type { Store } from '../store/types';
import { type ClusterBus, SingleInstanceBus } from './bus';
import { PgBus } from './pg-bus';

/** LISTEN/NOTIFY when the store is PostgreSQL (several instances may share it); else none. */
export async function openClusterBus(store: Store, log: Logger): Promise<ClusterBus> {
  if (store.kind !== 'postgres') return new SingleInstanceBus();
  const pgStore = store as PgStore;
  return PgBus.start(pgStore.connectionString, pgStore.db.pool, log);
}
