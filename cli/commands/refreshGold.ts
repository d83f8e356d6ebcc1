/**
 * `pulselake refresh-gold`: runs the gold SQL files (databricks/sql/gold/) on the local Spark
 * warehouse of $PULSELAKE_HOME, the same files and refresh logic as the timer function runs
 * on Databricks. One JSON log line per statement goes to stderr; a summary to stdout.
 */
import type { Command } from 'commander';
import { EnvironmentError } from '../../shared/python/pythonEnv.js';
import { localWarehouseFromSettings } from '../../shared/warehouse/fromSettings.js';
import { GoldRefresher } from '../../shared/warehouse/GoldRefresher.js';
import { stderrLogger } from '../../shared/warehouse/log.js';
import { GOLD_SQL_SOURCE_DIR, listSqlFiles } from '../../shared/warehouse/sqlFiles.js';

interface RefreshGoldOptions {
  sqlDir: string;
}

async function refreshGold(options: RefreshGoldOptions): Promise<void> {
  const refresher = new GoldRefresher({
    warehouse: localWarehouseFromSettings(),
    files: () => listSqlFiles(options.sqlDir),
    log: stderrLogger,
  });
  try {
    const result = await refresher.refresh();
    if (result.outcome === 'ok') {
      const rows = result.statements.reduce((sum, s) => sum + (s.affectedRows ?? 0), 0);
      console.log(
        `refresh-gold: ${result.statements.length} statements, ${rows} rows affected, ${(result.durationMs / 1000).toFixed(1)} s`,
      );
    }
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    console.error(`pulselake refresh-gold: ${error.message}`);
    process.exitCode = 1;
  }
}

export function registerRefreshGold(program: Command): void {
  program
    .command('refresh-gold')
    .description(
      'Refresh the gold tables of $PULSELAKE_HOME by running the gold SQL files on the local Spark warehouse ' +
        '(what the gold refresh timer does on a Databricks SQL warehouse). Idempotent: a second run changes nothing.',
    )
    .option('--sql-dir <dir>', 'folder of the gold SQL files', GOLD_SQL_SOURCE_DIR)
    .action((options: RefreshGoldOptions) => refreshGold(options));
}
