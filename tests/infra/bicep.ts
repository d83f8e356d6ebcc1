/**
 * Test helpers over infra/: the Bicep files, raw and as parsed by pycep (checkov's Bicep parser,
 * installed in the infrastructure checks' venv), and a run of checkov itself. No Bicep CLI is needed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { ensureInfraEnv } from '../../shared/python/pythonEnv.js';

export const INFRA_DIR = path.join(REPO_ROOT, 'infra');

/** Every .bicep file under infra/, relative to infra/. */
export function bicepFiles(): string[] {
  return readdirSync(INFRA_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.bicep'))
    .sort();
}

export function readBicep(file: string): string {
  return readFileSync(path.join(INFRA_DIR, file), 'utf8');
}

export interface ParsedResource {
  type: string;
  existing: boolean;
  config: Record<string, unknown> & { scope?: unknown; properties?: Record<string, unknown> };
}
export interface ParsedParameter {
  type: string;
  default: unknown;
}
export interface ParsedModule {
  detail: { path: string };
  config: { params?: Record<string, unknown> };
}
export interface ParsedBicep {
  globals?: Record<string, unknown>;
  parameters?: Record<string, ParsedParameter>;
  modules?: Record<string, ParsedModule>;
  outputs?: Record<string, unknown>;
  resources?: Record<string, ParsedResource>;
}

/** The body of a resource: conditional (`if`) and loop (`for`) declarations nest it one level down. */
export function resourceBody(resource: ParsedResource): ParsedResource['config'] {
  let config = resource.config;
  while (config['config'] && !('name' in config)) config = config['config'] as ParsedResource['config'];
  return config;
}

const PARSE_SCRIPT = `
import json, sys
from pycep import BicepParser
parser = BicepParser()
out = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        out[path] = parser.parse(text=handle.read())
print(json.dumps(out, default=str))
`;

/** Every infra/*.bicep file parsed by pycep, keyed by its path relative to infra/. */
export function parseBicepFiles(files: string[] = bicepFiles()): Record<string, ParsedBicep> {
  const python = path.join(ensureInfraEnv(), 'python');
  const result = spawnSync(python, ['-c', PARSE_SCRIPT, ...files], {
    cwd: INFRA_DIR,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`pycep failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, ParsedBicep>;
}

export interface CheckovRecord {
  check_id: string;
  resource: string;
  file_path: string;
  check_result: { result: string; suppress_comment?: string };
}
export interface CheckovReport {
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number; resource_count: number };
  results: { failed_checks: CheckovRecord[]; skipped_checks: CheckovRecord[]; parsing_errors: string[] };
}

/** `BC_SKIP_MAPPING=TRUE checkov -d <dir> --framework bicep --skip-download -o json`, offline. */
export function runCheckov(dir: string = INFRA_DIR): CheckovReport {
  const result = spawnSync(
    path.join(ensureInfraEnv(), 'checkov'),
    ['-d', dir, '--framework', 'bicep', '--skip-download', '-o', 'json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, BC_SKIP_MAPPING: 'TRUE' } },
  );
  // checkov exits 1 when a check fails; the JSON report says which.
  if (result.error || !result.stdout.trim().startsWith('{')) {
    throw new Error(`checkov did not report: ${result.error?.message ?? result.stderr.slice(-2000)}`);
  }
  return JSON.parse(result.stdout) as CheckovReport;
}
