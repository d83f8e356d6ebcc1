/**
 * A small in-memory Unity Catalog for tests: interprets the statement forms the set-up SQL uses,
 * enforces what Unity Catalog enforces on them (parents must exist, an existing object makes a
 * plain CREATE fail), records every change, and answers who can read, modify or see what.
 * Anything else is rejected: a statement the model does not know is not known to be idempotent.
 */
export interface CatalogState {
  externalLocations: Map<string, string>;
  catalogs: Map<string, string>;
  schemas: Set<string>;
  volumes: Set<string>;
  tables: Map<string, string[]>;
  functions: Map<string, string>;
  /** `principal|securable|privilege`, securable as `CATALOG c`, `SCHEMA c.s`, `VOLUME c.s.v`, `EXTERNAL LOCATION l`. */
  grants: Set<string>;
  /** `table.column` -> mask function. */
  masks: Map<string, string>;
}

export const emptyCatalog = (): CatalogState => ({
  externalLocations: new Map(),
  catalogs: new Map(),
  schemas: new Set(),
  volumes: new Set(),
  tables: new Map(),
  functions: new Map(),
  grants: new Set(),
  masks: new Map(),
});

export const cloneCatalog = (s: CatalogState): CatalogState => ({
  externalLocations: new Map(s.externalLocations),
  catalogs: new Map(s.catalogs),
  schemas: new Set(s.schemas),
  volumes: new Set(s.volumes),
  tables: new Map(s.tables),
  functions: new Map(s.functions),
  grants: new Set(s.grants),
  masks: new Map(s.masks),
});

const ID = '`[^`]+`';
const unquote = (name: string): string => name.replace(/`/g, '');

function need(condition: boolean, why: string): void {
  if (!condition) throw new Error(why);
}

/** Applies the statements to a copy of `state`; returns the new state and what changed. */
export function applyStatements(state: CatalogState, statements: string[]): { state: CatalogState; changes: string[] } {
  const next = cloneCatalog(state);
  const changes: string[] = [];
  for (const statement of statements) changes.push(...applyOne(next, statement.trim().replace(/;$/, '')));
  return { state: next, changes };
}

function createIfMissing<T>(map: Map<string, T> | Set<string>, key: string, value: T, ifNotExists: boolean): string[] {
  const exists = map.has(key);
  need(!exists || ifNotExists, `${key} already exists`);
  if (exists) return [];
  if (map instanceof Map) map.set(key, value);
  else map.add(key);
  return [`create ${key}`];
}

function applyOne(s: CatalogState, sql: string): string[] {
  let m: RegExpExecArray | null;
  if (
    (m = new RegExp(
      `^CREATE EXTERNAL LOCATION (IF NOT EXISTS )?(${ID}) URL '([^']+)' WITH \\(STORAGE CREDENTIAL ${ID}\\)$`,
    ).exec(sql))
  )
    return createIfMissing(s.externalLocations, unquote(m[2] ?? ''), m[3] ?? '', Boolean(m[1]));
  if ((m = new RegExp(`^CREATE CATALOG (IF NOT EXISTS )?(${ID}) MANAGED LOCATION '([^']+)'$`).exec(sql))) {
    const url = m[3] ?? '';
    need(
      [...s.externalLocations.values()].some((root) => url.startsWith(root)),
      `${url} is in no external location`,
    );
    return createIfMissing(s.catalogs, unquote(m[2] ?? ''), url, Boolean(m[1]));
  }
  if ((m = new RegExp(`^CREATE SCHEMA (IF NOT EXISTS )?(${ID})\\.(${ID})$`).exec(sql))) {
    need(s.catalogs.has(unquote(m[2] ?? '')), `no catalog ${m[2]}`);
    return createIfMissing(s.schemas, unquote(`${m[2]}.${m[3]}`), undefined, Boolean(m[1]));
  }
  if ((m = new RegExp(`^CREATE VOLUME (IF NOT EXISTS )?(${ID}\\.${ID})\\.(${ID})$`).exec(sql))) {
    need(s.schemas.has(unquote(m[2] ?? '')), `no schema ${m[2]}`);
    return createIfMissing(s.volumes, unquote(`${m[2]}.${m[3]}`), undefined, Boolean(m[1]));
  }
  if (
    (m = new RegExp(
      `^CREATE TABLE (IF NOT EXISTS )?(${ID}\\.${ID})\\.(${ID}) \\((.+)\\) USING DELTA TBLPROPERTIES \\(.+\\)$`,
    ).exec(sql))
  ) {
    need(s.schemas.has(unquote(m[2] ?? '')), `no schema ${m[2]}`);
    const columns = (m[4] ?? '').split(',').map((c) => c.trim().split(/\s+/)[0] ?? '');
    return createIfMissing(s.tables, unquote(`${m[2]}.${m[3]}`), columns, Boolean(m[1]));
  }
  if ((m = new RegExp(`^CREATE OR REPLACE FUNCTION (${ID}\\.${ID})\\.(${ID})\\((.+)$`).exec(sql))) {
    need(s.schemas.has(unquote(m[1] ?? '')), `no schema ${m[1]}`);
    const name = unquote(`${m[1]}.${m[2]}`);
    const body = m[3] ?? '';
    if (s.functions.get(name) === body) return [];
    s.functions.set(name, body);
    return [`replace function ${name}`];
  }
  if (
    (m = new RegExp(`^ALTER TABLE (${ID}\\.${ID}\\.${ID}) ALTER COLUMN (${ID}) SET MASK (${ID}\\.${ID}\\.${ID})$`).exec(
      sql,
    ))
  ) {
    const table = unquote(m[1] ?? '');
    const column = unquote(m[2] ?? '');
    const fn = unquote(m[3] ?? '');
    need(s.tables.get(table)?.includes(column) === true, `no column ${column} in ${table}`);
    need(s.functions.has(fn), `no function ${fn}`);
    if (s.masks.get(`${table}.${column}`) === fn) return [];
    s.masks.set(`${table}.${column}`, fn);
    return [`mask ${table}.${column}`];
  }
  if (
    (m = new RegExp(`^GRANT (.+) ON (CATALOG|SCHEMA|VOLUME|EXTERNAL LOCATION) (${ID}(?:\\.${ID})*) TO (${ID})$`).exec(
      sql,
    ))
  ) {
    const securable = `${m[2]} ${unquote(m[3] ?? '')}`;
    need(securableExists(s, securable), `no ${securable}`);
    const added: string[] = [];
    for (const privilege of (m[1] ?? '').split(',').map((p) => p.trim())) {
      const key = `${unquote(m[4] ?? '')}|${securable}|${privilege}`;
      if (!s.grants.has(key)) added.push(`grant ${key}`);
      s.grants.add(key);
    }
    return added;
  }
  throw new Error(`not a statement form known to be idempotent: ${sql}`);
}

function securableExists(s: CatalogState, securable: string): boolean {
  const [kind, ...rest] = securable.split(' ');
  const name = rest.join(' ');
  if (kind === 'CATALOG') return s.catalogs.has(name);
  if (kind === 'SCHEMA') return s.schemas.has(name);
  if (kind === 'VOLUME') return s.volumes.has(name);
  return s.externalLocations.has(name.replace(/^LOCATION /, ''));
}

/** Privileges a principal holds on a securable, directly or inherited from the catalog / schema above it. */
export function effectivePrivileges(s: CatalogState, principal: string, securable: string): Set<string> {
  const [kind, name = ''] = securable.split(/ (.*)/s);
  const parts = name.split('.');
  const scopes = [securable];
  if (kind === 'SCHEMA' || kind === 'VOLUME') scopes.push(`CATALOG ${parts[0]}`);
  if (kind === 'VOLUME') scopes.push(`SCHEMA ${parts[0]}.${parts[1]}`);
  const held = new Set<string>();
  for (const grant of s.grants) {
    const [who, on, privilege = ''] = grant.split('|');
    if (who === principal && on && scopes.includes(on)) held.add(privilege);
  }
  return held;
}

const has = (held: Set<string>, privilege: string): boolean => held.has(privilege) || held.has('ALL PRIVILEGES');

function inSchema(s: CatalogState, principal: string, catalog: string, schema: string, privilege: string): boolean {
  return (
    has(effectivePrivileges(s, principal, `CATALOG ${catalog}`), 'USE CATALOG') &&
    has(effectivePrivileges(s, principal, `SCHEMA ${catalog}.${schema}`), 'USE SCHEMA') &&
    has(effectivePrivileges(s, principal, `SCHEMA ${catalog}.${schema}`), privilege)
  );
}

export const canSelect = (s: CatalogState, principal: string, catalog: string, schema: string): boolean =>
  inSchema(s, principal, catalog, schema, 'SELECT');
export const canModify = (s: CatalogState, principal: string, catalog: string, schema: string): boolean =>
  inSchema(s, principal, catalog, schema, 'MODIFY');

/** Whether members of `groups` read the real value of a column (no mask, or a mask that lets one of them through). */
export function seesRealValue(s: CatalogState, column: string, groups: string[]): boolean {
  const fn = s.masks.get(column);
  if (!fn) return true;
  const body = s.functions.get(fn) ?? '';
  need(/ELSE NULL END$/.test(body), `mask ${fn} does not hide the value from the rest: ${body}`);
  const allowed = [...body.matchAll(/is_account_group_member\('([^']+)'\)/g)].map((x) => x[1]);
  return groups.some((g) => allowed.includes(g));
}
