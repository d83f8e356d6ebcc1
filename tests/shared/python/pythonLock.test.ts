/**
 * The hash-locked Python environments (issue 11, supply chain): databricks/requirements.lock pins
 * every requirement of databricks/pyproject.toml's lakehouse venv (dependencies, the local and dev
 * extras, the build backend), requirements-infra.lock those of the infra extra (checkov), each at
 * the version pyproject asks for, and every pinned distribution carries hashes, so
 * `pip install --require-hashes` (shared/python/pythonEnv.ts) refuses anything else.
 * Regenerate both with `npm run lock:python` when pyproject changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABRICKS_DIR, INFRA_LOCK, PYTHON_LOCK } from '../../../shared/python/pythonEnv.js';

const pyproject = readFileSync(path.join(DATABRICKS_DIR, 'pyproject.toml'), 'utf8');

/** Requirement entries of a lock: name -> versions (a name may be pinned per environment marker). */
function lockEntries(lockFile: string): { name: string; version: string; hashes: number }[] {
  return readFileSync(lockFile, 'utf8')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => /^[A-Za-z0-9]/.test(line))
    .map((line) => {
      const match = /^([A-Za-z0-9._-]+)==(\S+)/.exec(line);
      if (!match) throw new Error(`lock line is not an exact pin: ${line}`);
      return {
        name: (match[1] as string).toLowerCase(),
        version: match[2] as string,
        hashes: (line.match(/--hash=sha256:[0-9a-f]{64}/g) ?? []).length,
      };
    });
}

/** `name==version` / `name>=x` strings of a TOML array assigned to `key` in pyproject. */
function arrayOf(key: string): string[] {
  const body = new RegExp(`^${key}\\s*=\\s*\\[([^\\]]*)\\]`, 'm').exec(pyproject)?.[1] ?? '';
  return [...body.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
}

const LOCKS = [
  {
    lock: PYTHON_LOCK,
    requirements: () => [...arrayOf('dependencies'), ...arrayOf('local'), ...arrayOf('dev'), ...arrayOf('requires')],
  },
  { lock: INFRA_LOCK, requirements: () => arrayOf('infra') },
];

const nameOf = (requirement: string): string => (/^([A-Za-z0-9._-]+)/.exec(requirement)?.[1] ?? '').toLowerCase();

describe.each(LOCKS)('$lock', ({ lock, requirements }) => {
  const entries = lockEntries(lock);

  it('gives every pinned distribution at least one sha256 hash', () => {
    expect(entries.length).toBeGreaterThan(5);
    expect(entries.filter((e) => e.hashes === 0).map((e) => e.name)).toEqual([]);
  });

  it("pins each of pyproject's requirements at the version pyproject asks for", () => {
    const wanted = requirements();
    expect(wanted.length).toBeGreaterThan(0);
    for (const requirement of wanted) {
      const [, name = '', op = '', version = ''] = /^([A-Za-z0-9._-]+)\s*(==|>=)?\s*(\S*)$/.exec(requirement) ?? [];
      const pinned = entries.filter((e) => e.name === name.toLowerCase());
      expect(pinned.length, `${name} is missing from the lock: run npm run lock:python`).toBeGreaterThan(0);
      if (op === '==') expect(pinned.map((e) => e.version)).toEqual([version]);
    }
  });
});

it('keeps the infrastructure checks out of the lakehouse venv', () => {
  const lakehouse = new Set(lockEntries(PYTHON_LOCK).map((e) => e.name));
  expect(
    arrayOf('infra')
      .map(nameOf)
      .filter((name) => lakehouse.has(name)),
  ).toEqual([]);
});
