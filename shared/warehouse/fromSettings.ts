/**
 * Builds the warehouses and the gold refresher from settings. The Databricks refresher is
 * created once per process (one `DBSQLClient`, one no-overlap guard) on first use, so a
 * missing setting fails the invocation with a message naming it instead of the worker start.
 */
import { readSetting, requireSetting } from '../config/settings.js';
import { databricksAuthFrom } from './databricksAuth.js';
import { DatabricksSqlWarehouse } from './DatabricksSqlWarehouse.js';
import { GoldRefresher } from './GoldRefresher.js';
import { LocalSqlWarehouse } from './LocalSqlWarehouse.js';
import type { StructuredLogger } from './log.js';
import { listSqlFiles } from './sqlFiles.js';

const RETRY_MAX_DELAY_MS = 60_000;

export function databricksWarehouseFromSettings(
  env: NodeJS.ProcessEnv = process.env,
  log?: StructuredLogger,
): DatabricksSqlWarehouse {
  const why = 'is required for the gold refresh on Databricks';
  return new DatabricksSqlWarehouse({
    host: requireSetting('databricksHost', env, why),
    httpPath: requireSetting('databricksHttpPath', env, why),
    auth: databricksAuthFrom(readSetting('databricksToken', env)),
    catalog: requireSetting('databricksCatalog', env),
    statementTimeoutSeconds: requireSetting('sqlStatementTimeoutSeconds', env),
    retry: {
      maxAttempts: requireSetting('sqlMaxAttempts', env),
      baseDelayMs: requireSetting('sqlRetryBaseMs', env),
      maxDelayMs: RETRY_MAX_DELAY_MS,
    },
    log,
  });
}

export function localWarehouseFromSettings(
  env: NodeJS.ProcessEnv = process.env,
  log?: StructuredLogger,
): LocalSqlWarehouse {
  return new LocalSqlWarehouse({ home: requireSetting('home', env), log });
}

let processRefresher: GoldRefresher | undefined;

/** The refresher of the gold refresh timer: Databricks, one per process. */
export function goldRefresherForProcess(env: NodeJS.ProcessEnv = process.env): GoldRefresher {
  processRefresher ??= new GoldRefresher({
    warehouse: databricksWarehouseFromSettings(env),
    files: () => listSqlFiles(),
  });
  return processRefresher;
}
