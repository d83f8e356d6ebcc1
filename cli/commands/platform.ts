/**
 * `pulselake platform <sql|credential|warehouse-acl>`: the Unity Catalog set-up derived from the
 * access matrix (databricks/uc/access.yml), printed to stdout for the pipeline or a person to apply.
 */
import type { Command } from 'commander';
import { AccessMatrixError, loadAccessMatrix } from '../../shared/platform/accessMatrix.js';
import { renderUcSql, storageCredentialRequest, warehouseAccessControl } from '../../shared/platform/ucSql.js';

function printed(produce: () => string): void {
  try {
    process.stdout.write(produce());
  } catch (error) {
    if (!(error instanceof AccessMatrixError)) throw error;
    console.error(`pulselake platform: ${error.message}`);
    process.exitCode = 1;
  }
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export function registerPlatform(program: Command): void {
  const platform = program
    .command('platform')
    .description('Unity Catalog set-up from databricks/uc/access.yml (see docs/deploy.md).');
  platform
    .command('sql')
    .description('Print the idempotent SQL: external locations, catalog, schemas, volume, grants, PII masks.')
    .option('--target <name>', 'bundle target whose catalog and lake account to use', 'dev')
    .option('--bootstrap', 'only what must exist before `databricks bundle deploy`: external locations and the catalog')
    .action((options: { target: string; bootstrap?: boolean }) =>
      printed(() => renderUcSql(loadAccessMatrix(), options.target, options.bootstrap ? 'bootstrap' : 'all')),
    );
  platform
    .command('credential')
    .description('Print the `databricks storage-credentials create --json` body for the access connector.')
    .requiredOption(
      '--access-connector-id <id>',
      'resource id of the access connector (Bicep output accessConnectorId)',
    )
    .action((options: { accessConnectorId: string }) =>
      printed(() => json(storageCredentialRequest(loadAccessMatrix(), options.accessConnectorId))),
    );
  platform
    .command('warehouse-acl')
    .description('Print the `databricks permissions update warehouses <id> --json` body (CAN_USE for the function).')
    .action(() => printed(() => json(warehouseAccessControl(loadAccessMatrix()))));
}
