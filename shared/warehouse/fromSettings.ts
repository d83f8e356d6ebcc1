/**
 * Builds the warehouses and the gold refreshers from settings. Reading the settings happens
 * here, at construction; the Databricks client connects on the first refresh.
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

/** The gold refresh timer's refresher in Azure: the gold SQL files on the Databricks SQL warehouse. */
export function databricksGoldRefresher(env: NodeJS.ProcessEnv = process.env): GoldRefresher {
  return new GoldRefresher({ warehouse: databricksWarehouseFromSettings(env), files: () => listSqlFiles() });
}

/** The same refresh on the local Spark warehouse of PULSELAKE_HOME (`pulselake refresh-gold`, the local host). */
export function localGoldRefresher(env: NodeJS.ProcessEnv = process.env, log?: StructuredLogger): GoldRefresher {
  return new GoldRefresher({ warehouse: localWarehouseFromSettings(env), files: () => listSqlFiles(), log });
}
