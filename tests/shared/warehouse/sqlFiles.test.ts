import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GOLD_SQL_DIR,
  listSqlFiles,
  readSqlFiles,
  schemasFor,
  splitStatements,
  statementLabel,
  substitutePlaceholders,
} from '../../../shared/warehouse/sqlFiles.js';

describe('gold SQL file rule', () => {
  it('splits on a ; that ends a line, not on one inside a line', () => {
    const sql =
      "SELECT 'a;b' AS x;\nMERGE INTO t USING s ON t.id = s.id -- keep; this\nWHEN MATCHED THEN DELETE ;  \r\nSELECT 2";
    expect(splitStatements(sql)).toEqual([
      "SELECT 'a;b' AS x",
      'MERGE INTO t USING s ON t.id = s.id -- keep; this\nWHEN MATCHED THEN DELETE',
      'SELECT 2',
    ]);
  });

  it('drops chunks that hold only comments and blank lines', () => {
    expect(splitStatements('-- header\n\nCREATE TABLE a (x INT);\n-- trailing note\n')).toEqual([
      '-- header\n\nCREATE TABLE a (x INT)',
    ]);
  });

  it('substitutes ${silver} and ${gold} and rejects any other placeholder', () => {
    const schemas = schemasFor('main');
    expect(substitutePlaceholders('INSERT INTO ${gold}.g SELECT * FROM ${silver}.s', schemas)).toBe(
      'INSERT INTO main.gold.g SELECT * FROM main.silver.s',
    );
    expect(schemasFor(undefined)).toEqual({ silver: 'silver', gold: 'gold' });
    expect(() => substitutePlaceholders('SELECT * FROM ${bronze}.x', schemas, 'f.sql')).toThrow(
      /f\.sql: unknown placeholder \$\{bronze\}/,
    );
  });

  it('reads the files of a folder in name order with 1-based statement numbers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pulselake-sqlfiles-'));
    try {
      writeFileSync(path.join(dir, '20_b.sql'), 'SELECT 3;\n');
      writeFileSync(path.join(dir, '10_a.sql'), 'SELECT 1 FROM ${gold}.t;\nSELECT 2;\n');
      writeFileSync(path.join(dir, 'notes.md'), 'not SQL');
      const files = await listSqlFiles(dir);
      expect(files.map((f) => path.basename(f))).toEqual(['10_a.sql', '20_b.sql']);
      const statements = await readSqlFiles(files, schemasFor('c'));
      expect(statements).toEqual([
        { file: '10_a.sql', index: 1, text: 'SELECT 1 FROM c.gold.t' },
        { file: '10_a.sql', index: 2, text: 'SELECT 2' },
        { file: '20_b.sql', index: 1, text: 'SELECT 3' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses the real gold SQL files: placeholders known, and every table of the contract written', async () => {
    const statements = await readSqlFiles(await listSqlFiles(GOLD_SQL_DIR), schemasFor('pulselake'));
    const text = statements.map((s) => s.text).join('\n');
    expect(text).not.toContain('${');
    expect(text).toContain('pulselake.gold.workout_bpm_summary');
    expect(text).toContain('pulselake.gold.gym_summary');
  });

  it('labels every statement of the real gold files by the table its file writes, not by its comment', async () => {
    const statements = await readSqlFiles(await listSqlFiles(), schemasFor(undefined));
    expect(statements.length).toBeGreaterThan(0);
    for (const { file, text } of statements) {
      const table = file.replace(/^\d+_/, '').replace(/\.sql$/, '');
      expect(statementLabel(text), file).toMatch(
        new RegExp(`^(CREATE TABLE IF NOT EXISTS|MERGE INTO) gold\\.${table}$`),
      );
    }
  });

  it('labels other statements by their first code line', () => {
    expect(statementLabel('-- note\n  merge   into\n gold.t AS x USING s ON 1=1')).toBe('MERGE INTO gold.t');
    expect(statementLabel('-- a note\nSELECT 1 AS one\nFROM t')).toBe('SELECT 1 AS one');
  });
});
