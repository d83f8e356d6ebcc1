/**
 * The gold SQL files (`databricks/sql/gold/`, copied by the build to `dist/sql/gold/`): which files, in which order, and how one
 * file becomes statements. This is the TypeScript side of the rule documented in
 * `databricks/sql/README.md` (the Python runner applies the same rule):
 *
 * - files run in name order (`01_…sql` before `02_…sql`);
 * - `${silver}` and `${gold}` are replaced by the schema names (`<catalog>.silver` on
 *   Databricks, `silver` locally); any other `${…}` is an error, so a typo never reaches SQL;
 * - a statement ends with `;` at the end of a line (trailing spaces allowed), so a `;`
 *   inside a string or in the middle of a line does not split it;
 * - chunks that hold only whitespace and `--` comments are not statements.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, RUNS_FROM_DIST } from '../config/paths.js';

/**
 * Where the gold SQL is read. Compiled code reads the copy the build puts in `dist/sql/gold/`
 * (scripts/copy-gold-sql.mjs), so the Function App runs the files of its own package and its
 * package needs no `databricks/` folder; under vitest (sources) the originals are read.
 */
export const GOLD_SQL_SOURCE_DIR = path.join(REPO_ROOT, 'databricks', 'sql', 'gold');
export const GOLD_SQL_DIR = RUNS_FROM_DIST ? path.join(REPO_ROOT, 'dist', 'sql', 'gold') : GOLD_SQL_SOURCE_DIR;

export interface SqlSchemas {
  silver: string;
  gold: string;
}

export interface SqlStatement {
  /** File name (no folder), as logged and as reported by the local runner. */
  file: string;
  /** 1-based position of the statement in its file. */
  index: number;
  text: string;
}

/** Schema names for a Unity Catalog catalog, or the local two-level names when none. */
export function schemasFor(catalog: string | undefined): SqlSchemas {
  return catalog ? { silver: `${catalog}.silver`, gold: `${catalog}.gold` } : { silver: 'silver', gold: 'gold' };
}

/** `*.sql` files of a folder, absolute paths, in name order. */
export async function listSqlFiles(dir: string = GOLD_SQL_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  return names.map((name) => path.join(dir, name));
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

export function substitutePlaceholders(sql: string, schemas: SqlSchemas, source = 'SQL'): string {
  return sql.replace(PLACEHOLDER, (_match, name: string) => {
    if (name === 'silver' || name === 'gold') return schemas[name];
    throw new Error(`${source}: unknown placeholder \${${name}} (only \${silver} and \${gold} exist)`);
  });
}

const STATEMENT_END = /;[ \t]*(?:\r?\n|$)/;
const ONLY_COMMENTS = /^(?:\s|--[^\n]*(?:\n|$))*$/;

export function splitStatements(sql: string): string[] {
  return sql
    .split(STATEMENT_END)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '' && !ONLY_COMMENTS.test(chunk));
}

/** Reads one SQL file and returns its statements with placeholders substituted. */
export async function readSqlFile(file: string, schemas: SqlSchemas): Promise<SqlStatement[]> {
  const name = path.basename(file);
  const text = substitutePlaceholders(await readFile(file, 'utf8'), schemas, name);
  return splitStatements(text).map((statement, i) => ({ file: name, index: i + 1, text: statement }));
}

/** All statements of the given files, in order. */
export async function readSqlFiles(files: readonly string[], schemas: SqlSchemas): Promise<SqlStatement[]> {
  const out: SqlStatement[] = [];
  for (const file of files) out.push(...(await readSqlFile(file, schemas)));
  return out;
}

/** What a statement does and to which table (the Python runner's statement_label applies the same pattern). */
const WRITE_TARGET =
  /^\s*(CREATE\s+(?:OR\s+REPLACE\s+)?TABLE(?:\s+IF\s+NOT\s+EXISTS)?|MERGE\s+INTO|INSERT\s+(?:INTO|OVERWRITE)(?:\s+TABLE)?|DELETE\s+FROM|UPDATE|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|TRUNCATE\s+TABLE|OPTIMIZE)\s+([\w.`]+)/i;

/**
 * A statement's label for logs: its verb and the table it writes (`MERGE INTO gold.gym_summary`),
 * else its first code line; never the leading comment.
 */
export function statementLabel(statement: string): string {
  const code = statement
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
  const match = WRITE_TARGET.exec(code);
  if (match) return `${(match[1] as string).toUpperCase().split(/\s+/).join(' ')} ${match[2] as string}`;
  const first =
    code
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  return first.length <= 60 ? first : `${first.slice(0, 59)}…`;
}
