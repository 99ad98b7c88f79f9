import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The TypeORM data source for the API (entities, migrations). Pool size is per process. */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: { max: poolSize, application_name: 'conduit' },
  });
}

const MIGRATION_LOCK = 727_001;
/** Held while the first owner is created, so replicas starting together create one. */
export const BOOTSTRAP_LOCK = 727_002;
/**
 * Held while a worker starts: Agenda's backend creates its tables and indexes with IF NOT EXISTS,
 * which races between workers starting together (a unique violation in pg_class), and it does
 * so in an unawaited promise, so the loser crashed.
 */
export const WORKER_START_LOCK = 727_003;

/** Runs `work` holding a session advisory lock, so one process at a time does it. */
export async function withAdvisoryLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [key]);
    return await work();
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await lock.release();
  }
}

/**
 * Opens the connection and applies pending migrations. An advisory lock serialises processes
 * that start together (several api and worker replicas), so each migration runs once.
 */
export async function openDatabase(url: string, poolSize?: number): Promise<DataSource> {
  const dataSource = createDataSource(url, poolSize);
  await dataSource.initialize();
  await withAdvisoryLock(dataSource, MIGRATION_LOCK, () => dataSource.runMigrations({ transaction: 'all' }));
  return dataSource;
}
