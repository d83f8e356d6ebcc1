/**
 * The SQL that sets up Unity Catalog from the access matrix: external locations, the catalog with
 * its managed location, schemas, the checkpoint volume, grants, PII mask functions and the masks on
 * the profile tables. Every statement is idempotent (IF NOT EXISTS, CREATE OR REPLACE, GRANT,
 * SET MASK), so the setup job can run on every deployment.
 */
import { environment, parseDdl, parseSecurable, type AccessMatrix, type Environment } from './accessMatrix.js';

const quote = (identifier: string): string => `\`${identifier.replace(/`/g, '``')}\``;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** abfss URL of a container of the environment's lake account. */
export function containerUrl(env: Environment, container: string): string {
  return `abfss://${container}@${env.storage_account}.dfs.core.windows.net/`;
}

/** External location names are unique per metastore, which dev and prod may share: prefixed by the catalog. */
export function externalLocationName(env: Environment, location: string): string {
  return `${env.catalog}_${location}`;
}

/** Mask function of a column: one per column type and set of groups that see the real value. */
export interface MaskFunction {
  name: string;
  type: string;
  /** Groups that see the value; everybody else gets NULL. */
  groups: string[];
}

export function maskFunctions(matrix: AccessMatrix): Map<string, MaskFunction> {
  const byColumn = new Map<string, MaskFunction>(); // `<table>.<column>` -> function
  const byName = new Map<string, MaskFunction>();
  for (const [table, spec] of Object.entries(matrix.masks.tables)) {
    const types = parseDdl(spec.ddl);
    for (const column of spec.pii) {
      const type = types.get(column) ?? 'STRING';
      const extra = matrix.masks.also_unmasked?.[column] ?? [];
      const roles = [...matrix.masks.unmasked, ...extra];
      const name = `mask_${type.toLowerCase()}${extra.length ? `_${column}` : ''}`;
      const fn = { name, type, groups: roles.map((r) => matrix.principals[r] ?? r) };
      byName.set(name, fn);
      byColumn.set(`${table}.${column}`, byName.get(name) ?? fn);
    }
  }
  return byColumn;
}

/**
 * What must exist before `databricks bundle deploy` (the bundle declares the schemas and the volume
 * inside the catalog, but cannot declare external locations or catalogs).
 */
export function bootstrapStatements(matrix: AccessMatrix, target: string): string[] {
  return ucStatements(matrix, target).filter((s) => /^CREATE (EXTERNAL LOCATION|CATALOG) /.test(s));
}

/** The statements, in the order they must run. */
export function ucStatements(matrix: AccessMatrix, target: string): string[] {
  const env = environment(matrix, target);
  const catalog = quote(env.catalog);
  const securableSql = (securable: string): string => {
    const { kind, name } = parseSecurable(securable);
    switch (kind) {
      case 'catalog':
        return `CATALOG ${catalog}`;
      case 'schema':
        return `SCHEMA ${catalog}.${quote(name)}`;
      case 'volume':
        return `VOLUME ${catalog}.${name.split('.').map(quote).join('.')}`;
      case 'external_location':
        return `EXTERNAL LOCATION ${quote(externalLocationName(env, name))}`;
    }
  };
  const statements: string[] = [];
  for (const [location, container] of Object.entries(matrix.external_locations))
    statements.push(
      `CREATE EXTERNAL LOCATION IF NOT EXISTS ${quote(externalLocationName(env, location))} ` +
        `URL ${literal(containerUrl(env, container))} WITH (STORAGE CREDENTIAL ${quote(matrix.storage_credential)})`,
    );
  const managed = containerUrl(env, matrix.external_locations[matrix.catalog_managed_location] ?? '');
  statements.push(`CREATE CATALOG IF NOT EXISTS ${catalog} MANAGED LOCATION ${literal(`${managed}${env.catalog}`)}`);
  for (const schema of matrix.schemas) statements.push(`CREATE SCHEMA IF NOT EXISTS ${catalog}.${quote(schema)}`);
  for (const volume of matrix.volumes)
    statements.push(`CREATE VOLUME IF NOT EXISTS ${catalog}.${quote(volume.schema)}.${quote(volume.name)}`);
  for (const [role, securables] of Object.entries(matrix.grants))
    for (const [securable, privileges] of Object.entries(securables))
      statements.push(
        `GRANT ${privileges.join(', ')} ON ${securableSql(securable)} TO ${quote(matrix.principals[role] ?? role)}`,
      );
  statements.push(...maskStatements(matrix, env));
  return statements;
}

function maskStatements(matrix: AccessMatrix, env: Environment): string[] {
  const catalog = quote(env.catalog);
  const fnSchema = `${catalog}.${quote('ops')}`;
  const columns = maskFunctions(matrix);
  const statements: string[] = [];
  for (const fn of new Map([...columns.values()].map((f) => [f.name, f])).values()) {
    const sees = fn.groups.map((g) => `is_account_group_member(${literal(g)})`).join(' OR ');
    statements.push(
      `CREATE OR REPLACE FUNCTION ${fnSchema}.${quote(fn.name)}(value ${fn.type}) RETURNS ${fn.type} ` +
        `RETURN CASE WHEN ${sees} THEN value ELSE NULL END`,
    );
  }
  for (const [table, spec] of Object.entries(matrix.masks.tables)) {
    const name = `${catalog}.${table.split('.').map(quote).join('.')}`;
    // The silver code creates the same table the same way (IF NOT EXISTS); creating it here first
    // means the masks are in place before the first row lands.
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${name} (${spec.ddl.replace(/\s+/g, ' ').trim()}) USING DELTA ` +
        `TBLPROPERTIES (${matrix.masks.table_properties})`,
    );
    for (const column of spec.pii) {
      const fn = columns.get(`${table}.${column}`);
      if (fn)
        statements.push(`ALTER TABLE ${name} ALTER COLUMN ${quote(column)} SET MASK ${fnSchema}.${quote(fn.name)}`);
    }
  }
  return statements;
}

/** The SQL file: a header, then one statement per line, each ending in `;` (the pipeline applies it line by line). */
export function renderUcSql(matrix: AccessMatrix, target: string, part: 'all' | 'bootstrap' = 'all'): string {
  const env = environment(matrix, target);
  const statements = part === 'bootstrap' ? bootstrapStatements(matrix, target) : ucStatements(matrix, target);
  const header = [
    `-- Unity Catalog set-up of PulseLake, target ${target} (catalog ${env.catalog}).`,
    '-- Generated from databricks/uc/access.yml by `npx pulselake platform sql --target ' + target + '`; do not edit.',
    `-- Needs the storage credential ${matrix.storage_credential} first (\`npx pulselake platform credential\`).`,
    '-- Idempotent: every statement can run again and changes nothing the second time.',
  ];
  return `${header.join('\n')}\n\n${statements.map((s) => `${s};`).join('\n')}\n`;
}

/** Request body of `databricks storage-credentials create --json` for the access connector. */
export function storageCredentialRequest(matrix: AccessMatrix, accessConnectorId: string): Record<string, unknown> {
  return {
    name: matrix.storage_credential,
    comment: 'PulseLake lake (landing + managed) through the Databricks access connector',
    azure_managed_identity: { access_connector_id: accessConnectorId },
  };
}

/** Body of `databricks permissions update warehouses <id> --json` (the Permissions API, not SQL). */
export function warehouseAccessControl(matrix: AccessMatrix): Record<string, unknown> {
  return {
    access_control_list: Object.entries(matrix.warehouse_permissions).map(([role, permission]) => ({
      group_name: matrix.principals[role] ?? role,
      permission_level: permission,
    })),
  };
}
