import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../shared/config/paths.js';
import { loadAccessMatrix } from '../../../shared/platform/accessMatrix.js';
import {
  bootstrapStatements,
  renderUcSql,
  ucStatements,
  warehouseAccessControl,
} from '../../../shared/platform/ucSql.js';
import {
  applyStatements,
  canModify,
  canSelect,
  effectivePrivileges,
  emptyCatalog,
  seesRealValue,
} from './catalogModel.js';

const matrix = loadAccessMatrix();
const group = (role: string): string => matrix.principals[role] ?? role;
const TARGETS = Object.keys(matrix.environments);
/** The contract's personal data of a profile (semantics.md): names, street address, zip code, date of birth. */
const PII = ['first_name', 'last_name', 'street_address', 'zip', 'dob'];
const PROFILE_TABLES = ['silver.user_profile', 'silver.user_profile_latest_change'];
const IDEMPOTENT_FORMS = [
  /^CREATE (EXTERNAL LOCATION|CATALOG|SCHEMA|VOLUME|TABLE) IF NOT EXISTS /,
  /^CREATE OR REPLACE FUNCTION /,
  /^GRANT /,
  /^ALTER TABLE \S+ ALTER COLUMN \S+ SET MASK /,
];

describe.each(TARGETS)('Unity Catalog set-up SQL, target %s', (target) => {
  const catalog = matrix.environments[target]?.catalog ?? '';
  const statements = ucStatements(matrix, target);
  const once = applyStatements(emptyCatalog(), statements);

  it('is committed as databricks/uc/generated/<catalog>.sql, the file the setup job runs', () => {
    const file = path.join(REPO_ROOT, 'databricks', 'uc', 'generated', `${catalog}.sql`);
    expect(readFileSync(file, 'utf8'), `regenerate: npx pulselake platform sql --target ${target} > ${file}`).toBe(
      renderUcSql(matrix, target),
    );
  });

  it('uses only idempotent statement forms, and a second apply changes nothing', () => {
    for (const statement of statements)
      expect(
        IDEMPOTENT_FORMS.some((f) => f.test(statement)),
        statement,
      ).toBe(true);
    expect(once.changes.length).toBeGreaterThan(20);
    const twice = applyStatements(once.state, statements);
    expect(twice.changes).toEqual([]);
    expect(twice.state).toEqual(once.state);
  });

  it('creates the locations, the catalog in the managed location, the four schemas and the checkpoint volume', () => {
    const env = matrix.environments[target];
    expect([...once.state.externalLocations.values()].sort()).toEqual([
      `abfss://landing@${env?.storage_account}.dfs.core.windows.net/`,
      `abfss://managed@${env?.storage_account}.dfs.core.windows.net/`,
    ]);
    expect(once.state.catalogs.get(catalog)).toMatch(/^abfss:\/\/managed@/);
    expect([...once.state.schemas].sort()).toEqual(['bronze', 'gold', 'ops', 'silver'].map((s) => `${catalog}.${s}`));
    expect([...once.state.volumes]).toEqual([`${catalog}.ops.checkpoints`]);
  });

  it('bootstrap (before bundle deploy) is the external locations and the catalog, nothing inside it', () => {
    const boot = applyStatements(emptyCatalog(), bootstrapStatements(matrix, target)).state;
    expect(boot.catalogs.has(catalog)).toBe(true);
    expect(boot.schemas.size + boot.grants.size).toBe(0);
  });

  it('analysts read gold only: never bronze, silver or ops, and modify nothing', () => {
    const analysts = group('analysts');
    expect(canSelect(once.state, analysts, catalog, 'gold')).toBe(true);
    for (const schema of ['bronze', 'silver', 'ops'])
      expect(canSelect(once.state, analysts, catalog, schema)).toBe(false);
    for (const schema of matrix.schemas) expect(canModify(once.state, analysts, catalog, schema)).toBe(false);
    const theirs = [...once.state.grants].filter((g) => g.startsWith(`${analysts}|`));
    expect(theirs.every((g) => /\|(CATALOG \S+\|USE CATALOG|SCHEMA \S+\.gold\|(USE SCHEMA|SELECT))$/.test(g))).toBe(
      true,
    );
  });

  it('engineers hold every privilege on the catalog', () => {
    for (const schema of matrix.schemas) expect(canModify(once.state, group('engineers'), catalog, schema)).toBe(true);
  });

  it('the jobs read and write every layer and their checkpoints; the function modifies gold only', () => {
    for (const schema of ['bronze', 'silver', 'gold'])
      expect(canModify(once.state, group('jobs'), catalog, schema)).toBe(true);
    const volume = effectivePrivileges(once.state, group('jobs'), `VOLUME ${catalog}.ops.checkpoints`);
    expect([...volume]).toEqual(expect.arrayContaining(['READ VOLUME', 'WRITE VOLUME']));
    const fn = group('function');
    expect(matrix.schemas.filter((schema) => canModify(once.state, fn, catalog, schema))).toEqual(['gold']);
    expect(canSelect(once.state, fn, catalog, 'silver')).toBe(true); // the gold SQL reads silver
  });

  it('masks every PII column of the profile tables for everyone outside engineers (and the jobs that rewrite them)', () => {
    for (const table of PROFILE_TABLES)
      for (const column of PII) {
        const key = `${catalog}.${table}.${column}`;
        expect(once.state.masks.has(key), key).toBe(true);
        expect(seesRealValue(once.state, key, [group('engineers')]), key).toBe(true);
        expect(seesRealValue(once.state, key, [group('jobs')]), key).toBe(true);
        expect(seesRealValue(once.state, key, [group('analysts')]), key).toBe(false);
        expect(seesRealValue(once.state, key, ['someone-else']), key).toBe(false);
        // the function sees dob only: the gold SQL turns it into an age bin
        expect(seesRealValue(once.state, key, [group('function')]), key).toBe(column === 'dob');
      }
    expect(seesRealValue(once.state, `${catalog}.silver.user_profile.city`, ['someone-else'])).toBe(true);
  });
});

describe('the catalog model is not vacuous', () => {
  it('a plain CREATE fails the second time, and an unknown statement form is rejected', () => {
    const schema = ["CREATE CATALOG IF NOT EXISTS `c` MANAGED LOCATION 'abfss://m@a.dfs.core.windows.net/c'"];
    const location = [
      "CREATE EXTERNAL LOCATION IF NOT EXISTS `m` URL 'abfss://m@a.dfs.core.windows.net/' WITH (STORAGE CREDENTIAL `x`)",
    ];
    const base = applyStatements(emptyCatalog(), [...location, ...schema]).state;
    const plain = ['CREATE SCHEMA `c`.`s`'];
    const first = applyStatements(base, plain).state;
    expect(() => applyStatements(first, plain)).toThrow(/already exists/);
    expect(() => applyStatements(base, ['DROP SCHEMA `c`.`s`'])).toThrow(/not a statement form/);
    expect(() => applyStatements(emptyCatalog(), schema)).toThrow(/no external location/);
  });

  it('a catalog-wide SELECT would let analysts into silver', () => {
    const { state } = applyStatements(emptyCatalog(), ucStatements(matrix, 'dev'));
    const wide = applyStatements(state, [
      'GRANT SELECT, USE SCHEMA ON CATALOG `pulselake_dev` TO `pulselake-analysts`',
    ]);
    expect(canSelect(wide.state, group('analysts'), 'pulselake_dev', 'silver')).toBe(true);
  });
});

describe('warehouse permissions', () => {
  it('give the function CAN_USE on the SQL warehouse (Permissions API, not SQL)', () => {
    expect(warehouseAccessControl(matrix)).toEqual({
      access_control_list: [{ group_name: group('function'), permission_level: 'CAN_USE' }],
    });
  });
});
