// The Python side's set-up for `npm test`: the venv with the hash-locked PySpark/Delta (created or checked),
// then the Delta jars resolved once, so that the two suites do not race on Ivy's cache when they start Spark
// side by side. Run after the build (it imports dist/).
import { spawnSync } from 'node:child_process';
import { ensurePythonEnv } from '../dist/shared/python/pythonEnv.js';

const python = ensurePythonEnv();
const resolved = spawnSync(
  python,
  ['-c', 'from pulselake_lakehouse.spark import resolve_delta_jars; resolve_delta_jars()'],
  { stdio: 'inherit' },
);
process.exitCode = resolved.status ?? 1;
