// What every module receives: configuration, the database, secrets and the clock.
// Tests build their own (an isolated database, a movable clock).
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Metrics } from './ops/metrics.ts';
import type { Secrets } from './secrets.ts';

export interface AppContext {
  config: Config;
  db: Db;
  secrets: Secrets;
  now: () => Date;
  metrics: Metrics;
}
