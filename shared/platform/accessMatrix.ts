/**
 * The Unity Catalog access matrix (`databricks/uc/access.yml`): read, checked and typed. One file
 * declares who may do what; the SQL (ucSql.ts), the warehouse permissions and the storage
 * credential request derive from it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REPO_ROOT } from '../config/paths.js';

export const ACCESS_MATRIX_FILE = path.join(REPO_ROOT, 'databricks', 'uc', 'access.yml');

export interface Environment {
  catalog: string;
  storage_account: string;
}

export interface PiiTable {
  /** Column list exactly as the silver code creates the table. */
  ddl: string;
  pii: string[];
}

export interface AccessMatrix {
  environments: Record<string, Environment>;
  storage_credential: string;
  /** Location name -> container of the lake account. */
  external_locations: Record<string, string>;
  catalog_managed_location: string;
  schemas: string[];
  volumes: { schema: string; name: string }[];
  /** Role -> account group. */
  principals: Record<string, string>;
  /** Role -> securable (`catalog`, `schema gold`, `volume ops.checkpoints`, `external_location landing`) -> privileges. */
  grants: Record<string, Record<string, string[]>>;
  warehouse_permissions: Record<string, 'CAN_USE' | 'CAN_MONITOR' | 'CAN_MANAGE'>;
  masks: {
    unmasked: string[];
    also_unmasked?: Record<string, string[]>;
    table_properties: string;
    /** `schema.table` -> DDL and PII columns. */
    tables: Record<string, PiiTable>;
  };
}

export class AccessMatrixError extends Error {
  override name = 'AccessMatrixError';
}

/** Privileges Unity Catalog accepts per securable kind (the subset this platform uses is checked against it). */
export const PRIVILEGES: Record<string, readonly string[]> = {
  catalog: ['ALL PRIVILEGES', 'USE CATALOG', 'CREATE SCHEMA', 'USE SCHEMA', 'SELECT', 'MODIFY', 'BROWSE'],
  schema: ['ALL PRIVILEGES', 'USE SCHEMA', 'SELECT', 'MODIFY', 'CREATE TABLE', 'CREATE VOLUME', 'CREATE FUNCTION'],
  volume: ['ALL PRIVILEGES', 'READ VOLUME', 'WRITE VOLUME'],
  external_location: ['ALL PRIVILEGES', 'READ FILES', 'WRITE FILES', 'CREATE EXTERNAL TABLE', 'BROWSE'],
};

export function loadAccessMatrix(file: string = ACCESS_MATRIX_FILE): AccessMatrix {
  const matrix = YAML.parse(readFileSync(file, 'utf8')) as AccessMatrix;
  checkAccessMatrix(matrix);
  return matrix;
}

/** Throws on references the SQL could not honour: unknown roles, schemas, volumes, locations or privileges. */
export function checkAccessMatrix(matrix: AccessMatrix): void {
  const fail = (why: string): never => {
    throw new AccessMatrixError(`databricks/uc/access.yml: ${why}`);
  };
  const roles = new Set(Object.keys(matrix.principals));
  for (const [role, securables] of Object.entries(matrix.grants)) {
    if (!roles.has(role)) fail(`grants name an unknown principal "${role}"`);
    for (const [securable, privileges] of Object.entries(securables)) {
      const { kind, name } = parseSecurable(securable);
      if (kind === 'schema' && !matrix.schemas.includes(name)) fail(`unknown schema "${name}"`);
      if (kind === 'volume' && !matrix.volumes.some((v) => `${v.schema}.${v.name}` === name))
        fail(`unknown volume "${name}"`);
      if (kind === 'external_location' && !(name in matrix.external_locations))
        fail(`unknown external location "${name}"`);
      for (const privilege of privileges)
        if (!PRIVILEGES[kind]?.includes(privilege)) fail(`${privilege} does not apply to ${securable}`);
    }
  }
  for (const role of [
    ...matrix.masks.unmasked,
    ...Object.values(matrix.masks.also_unmasked ?? {}).flat(),
    ...Object.keys(matrix.warehouse_permissions),
  ])
    if (!roles.has(role)) fail(`unknown principal "${role}"`);
  if (!(matrix.catalog_managed_location in matrix.external_locations))
    fail(`catalog_managed_location "${matrix.catalog_managed_location}" is not an external location`);
  for (const [table, spec] of Object.entries(matrix.masks.tables)) {
    const columns = parseDdl(spec.ddl);
    for (const column of spec.pii) if (!columns.has(column)) fail(`${table} has no column ${column}`);
  }
}

export type SecurableKind = 'catalog' | 'schema' | 'volume' | 'external_location';

export function parseSecurable(securable: string): { kind: SecurableKind; name: string } {
  const [kind, name = ''] = securable.trim().split(/\s+/, 2) as [string, string?];
  if (kind === 'catalog' && !name) return { kind, name: '' };
  if ((kind === 'schema' || kind === 'volume' || kind === 'external_location') && name) return { kind, name };
  throw new AccessMatrixError(`databricks/uc/access.yml: securable "${securable}" is not <kind> <name>`);
}

/** `a BIGINT, b STRING` -> Map(a -> BIGINT, b -> STRING). */
export function parseDdl(ddl: string): Map<string, string> {
  return new Map(
    ddl
      .split(',')
      .map((part) => part.trim().split(/\s+/))
      .map(([name = '', type = '']) => [name, type.toUpperCase()]),
  );
}

export function environment(matrix: AccessMatrix, target: string): Environment {
  const env = matrix.environments[target];
  if (!env)
    throw new AccessMatrixError(
      `unknown target "${target}" (databricks/uc/access.yml has ${Object.keys(matrix.environments).join(', ')})`,
    );
  return env;
}
