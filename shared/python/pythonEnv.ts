/**
 * The Python side of the local lakehouse, set up on first use and cached: checks Java 17 and
 * Python >= 3.10, creates the venv at `databricks/.venv` and installs the hash-locked
 * `databricks/requirements.lock` (`pip install --require-hashes`: every distribution must match
 * its SHA-256, so a tampered or substituted package fails the install), then the lakehouse
 * package itself (editable, no dependencies, built with the locked setuptools). It installs again
 * whenever `databricks/pyproject.toml` or the lock changes (keyed by their SHA-256 in a marker
 * file inside the venv). The infrastructure checks (checkov) get a venv of their own the same way,
 * `databricks/.venv-infra` from `requirements-infra.lock`, made only when a test needs it.
 * Regenerate both locks with `npm run lock:python`. The Delta jars come from Maven Central on the
 * first Spark start (Ivy cache).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config/paths.js';
import { readSetting } from '../config/settings.js';
import { forwardSignals, waitForGroupToEnd } from './processGroup.js';

export const DATABRICKS_DIR = path.join(REPO_ROOT, 'databricks');
const VENV_DIR = path.join(DATABRICKS_DIR, '.venv');
export const PYTHON_LOCK = path.join(DATABRICKS_DIR, 'requirements.lock');
const INFRA_VENV_DIR = path.join(DATABRICKS_DIR, '.venv-infra');
export const INFRA_LOCK = path.join(DATABRICKS_DIR, 'requirements-infra.lock');

/** A venv made from one hash-locked requirements file. */
interface VenvSpec {
  readonly dir: string;
  readonly lock: string;
  /** Whether the lakehouse package itself is installed too (editable, no dependencies). */
  readonly withPackage: boolean;
}
const LAKEHOUSE_VENV: VenvSpec = { dir: VENV_DIR, lock: PYTHON_LOCK, withPackage: true };
const INFRA_VENV: VenvSpec = { dir: INFRA_VENV_DIR, lock: INFRA_LOCK, withPackage: false };

const pythonOf = (spec: VenvSpec): string => path.join(spec.dir, 'bin', 'python');
const markerOf = (spec: VenvSpec): string => path.join(spec.dir, '.pulselake-pyproject.sha256');
const setupLockOf = (spec: VenvSpec): string => `${spec.dir}.setup-lock`;
const REQUIRED_JAVA = 17;
const MIN_PYTHON: readonly [number, number] = [3, 10];

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Major Java version from `java -version` output ("17.0.15", or "1.8.0_392" for Java 8). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** `[major, minor]` from `python --version` output ("Python 3.11.7"). */
export function parsePythonVersion(versionOutput: string): [number, number] | undefined {
  const match = /Python (\d+)\.(\d+)/.exec(versionOutput);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function isPythonSupported(version: readonly [number, number]): boolean {
  return version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1]);
}

/** The key of an installed venv: the hash of what it was installed from (its lock, and pyproject for the lakehouse venv). */
export function venvKey(installedFrom: string): string {
  return createHash('sha256').update(installedFrom).digest('hex');
}

function javaBinary(env: NodeJS.ProcessEnv): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Throws a message that says what to install when Java 17 is missing. */
export function checkJava(env: NodeJS.ProcessEnv = process.env): void {
  const java = javaBinary(env);
  const result = spawnSync(java, ['-version'], { encoding: 'utf8', env });
  const major = result.error ? undefined : parseJavaMajor(`${result.stderr}${result.stdout}`);
  if (major === REQUIRED_JAVA) return;
  const found = result.error ? `\`${java}\` was not found` : `\`${java}\` is Java ${major ?? 'of unknown version'}`;
  throw new EnvironmentError(
    `Java ${REQUIRED_JAVA} is required for Spark 3.5 (the Databricks 15.4 LTS runtime); ${found}. ` +
      `Install a JDK 17 (e.g. \`apt-get install openjdk-17-jdk-headless\`) and put it on PATH or set JAVA_HOME.`,
  );
}

function basePython(env: NodeJS.ProcessEnv): string {
  return env.PULSELAKE_PYTHON || 'python3';
}

function checkPython(python: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(python, ['--version'], { encoding: 'utf8', env });
  const version = result.error ? undefined : parsePythonVersion(`${result.stdout}${result.stderr}`);
  if (version && isPythonSupported(version)) return;
  const found = version ? `Python ${version.join('.')}` : 'not found';
  throw new EnvironmentError(
    `Python >= ${MIN_PYTHON.join('.')} is required for the lakehouse jobs; \`${python}\` is ${found}. ` +
      'Install it or point PULSELAKE_PYTHON at one.',
  );
}

function runChecked(command: string, args: string[], what: string, env: NodeJS.ProcessEnv): void {
  // stdout of pip goes to stderr: the caller's stdout may carry data (JSON lines).
  const result = spawnSync(command, args, { cwd: DATABRICKS_DIR, stdio: ['ignore', 2, 2], env });
  if (result.error) throw new EnvironmentError(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new EnvironmentError(`${what} failed (exit ${result.status ?? result.signal})`);
}

/** `pip install` with a venv's python, quiet and without pip's version check. */
function venvPip(python: string, args: string[], what: string, env: NodeJS.ProcessEnv): void {
  runChecked(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', ...args], what, env);
}

type SetupOptions = { env?: NodeJS.ProcessEnv; log?: (line: string) => void };

/**
 * Makes sure the venv exists with the packages of the current pyproject.toml and Java 17 is
 * there; returns the venv's python. Cheap when nothing changed (one hash, one `java -version`).
 */
export function ensurePythonEnv(options: SetupOptions = {}): string {
  checkJava(options.env ?? process.env);
  return ensureVenv(LAKEHOUSE_VENV, options);
}

/** Makes sure the infrastructure checks' venv (checkov) is installed; returns its `bin` folder. */
export function ensureInfraEnv(options: SetupOptions = {}): string {
  return path.dirname(ensureVenv(INFRA_VENV, options));
}

function ensureVenv(spec: VenvSpec, options: SetupOptions): string {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.error(line));
  // The package's own metadata (entry points) comes from pyproject; the infra venv depends on its lock alone.
  const pyproject = spec.withPackage ? readFileSync(path.join(DATABRICKS_DIR, 'pyproject.toml'), 'utf8') : '';
  const wanted = venvKey(pyproject + readFileSync(spec.lock, 'utf8'));
  if (isInstalled(spec, wanted)) return pythonOf(spec);
  // Several processes (parallel test files, two CLI calls) may get here at once: one installs.
  return withSetupLock(setupLockOf(spec), () =>
    isInstalled(spec, wanted) ? pythonOf(spec) : installVenv(spec, wanted, env, log),
  );
}

function isInstalled(spec: VenvSpec, wanted: string): boolean {
  const marker = markerOf(spec);
  const installed = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined;
  return existsSync(pythonOf(spec)) && installed === wanted;
}

/** Runs `fn` holding a cross-process lock (a directory); a lock left by a dead process is taken over. */
function withSetupLock<T>(lock: string, fn: () => T): T {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockOwnerIsGone(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new EnvironmentError(`set-up lock ${lock} is still held; remove it if no set-up runs`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function lockOwnerIsGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // just created, pid not written yet
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function installVenv(spec: VenvSpec, wanted: string, env: NodeJS.ProcessEnv, log: (line: string) => void): string {
  const python = pythonOf(spec);
  const shown = path.relative(process.cwd(), spec.dir) || spec.dir;
  const lockName = path.basename(spec.lock);
  if (!existsSync(python)) {
    const base = basePython(env);
    checkPython(base, env);
    log(`» creating the Python venv at ${shown} (first run)…`);
    runChecked(base, ['-m', 'venv', spec.dir], 'python -m venv', env);
  }
  checkPython(python, env);
  log(`» installing the hash-locked Python dependencies (pip install --require-hashes -r ${lockName})…`);
  // --no-compile: byte-compiling every installed module is a fifth of an install; Python compiles the few
  // modules a command imports on first use instead (about 0.2 s once).
  venvPip(python, ['--no-compile', '--require-hashes', '-r', spec.lock], `pip install -r ${lockName}`, env);
  if (spec.withPackage) {
    // The package itself: no dependencies (all locked above), built by the locked setuptools.
    venvPip(python, ['--no-deps', '--no-build-isolation', '-e', DATABRICKS_DIR], 'pip install -e databricks', env);
  }
  writeFileSync(markerOf(spec), `${wanted}\n`);
  return python;
}

/** Splits a byte stream into lines; call `end()` to flush a last line without a newline. */
export function lineSplitter(onLine: (line: string) => void): { push: (chunk: string) => void; end: () => void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    end() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}

export type LakehouseVerb = 'run' | 'export' | 'status' | 'run-sql';

export interface RunLakehouseOptions {
  /** PULSELAKE_HOME: landing/, warehouse/, checkpoints/. */
  home: string;
  /** Each stdout line of the Python entry (progress, or JSON lines for `run-sql` / `status --json`). */
  onLine?: (line: string) => void;
  /** Each stderr line (Spark and Ivy logs); default: passed through to our stderr. */
  onErrorLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /**
   * When it aborts, the runner gets the abort reason as a signal (default SIGINT): `run --watch` then stops
   * at a batch boundary; the promise still resolves only once the process has exited.
   */
  stop?: AbortSignal;
  /**
   * Pass our SIGINT/SIGTERM on to it (default true). The live demo turns this off: its first Ctrl-C stops the
   * simulator, and it stops the watcher itself (through `stop`) once gold has caught up.
   */
  forwardSignals?: boolean;
}

/**
 * Runs `python -m pulselake_lakehouse.local <verb> --home <home> <args>` in the venv (set up on
 * first use) and resolves with its exit code once it and every process it started (the JVM)
 * have ended. Output streams line by line.
 */
export async function runLakehouse(verb: LakehouseVerb, args: string[], options: RunLakehouseOptions): Promise<number> {
  const env = options.env ?? process.env;
  readSetting('maxWorkoutHours', env); // the Python side reads it: a malformed value stops here, named
  const python = ensurePythonEnv({ env });
  return runLines(python, ['-m', 'pulselake_lakehouse.local', '--home', path.resolve(options.home), verb, ...args], {
    ...options,
    cwd: DATABRICKS_DIR,
    // TZ=UTC: PySpark hands timestamps to Python as local times; the contract's clock is UTC.
    // SPARK_LOCAL_IP: a local run needs no network address (and Spark warns when it guesses loopback).
    env: { SPARK_LOCAL_IP: '127.0.0.1', ...env, PYTHONUNBUFFERED: '1', TZ: 'UTC' },
  });
}

/**
 * Runs a child in its own process group with its output split into lines, and resolves with its exit code once
 * it and every process it started (the JVM) have ended. While it runs, our SIGINT/SIGTERM are passed on to it
 * (unless `forwardSignals` is false); `stop` sends it SIGINT (SIGTERM when that is the abort reason).
 */
export async function runLines(
  command: string,
  args: string[],
  options: Omit<RunLakehouseOptions, 'home'> & { cwd: string },
): Promise<number> {
  const stdout = lineSplitter(options.onLine ?? ((line) => console.log(line)));
  const stderr = lineSplitter(options.onErrorLine ?? ((line) => console.error(line)));
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: the JVM it starts outlives it by a moment, and we wait for that too.
    detached: true,
  });
  const stopForwarding =
    child.pid === undefined || options.forwardSignals === false ? () => undefined : forwardSignals(child.pid);
  const stop = () => {
    const reason: unknown = options.stop?.reason;
    child.kill(reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  };
  if (options.stop?.aborted) stop();
  else options.stop?.addEventListener('abort', stop, { once: true });
  child.stdout.setEncoding('utf8').on('data', stdout.push);
  child.stderr.setEncoding('utf8').on('data', stderr.push);
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      options.stop?.removeEventListener('abort', stop);
      stdout.end();
      stderr.end();
      resolve(exitCode ?? (signal ? 128 : 1));
    });
  }).finally(stopForwarding);
  if (child.pid !== undefined) await waitForGroupToEnd(child.pid);
  return code;
}
