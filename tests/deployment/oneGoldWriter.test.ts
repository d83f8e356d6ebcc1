/**
 * Gold has exactly one writer across the whole deployment: the gold refresh timer function.
 *
 * - Bundle side: databricks/databricks.yml and resources/*.yml are parsed (with each target's
 *   overrides merged in, tasks by task_key); no task may run a gold entry point of the wheel,
 *   gold SQL, or start a job that does. The lakehouse is one job, `pulselake_pipeline`, with
 *   tasks bronze -> silver.
 * - Functions side: every function of `functionsFor(services)` is invoked with the services'
 *   gold refresher over a recording warehouse; only the timer runs SQL, and what it runs is
 *   the gold SQL files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { HttpRequest, InvocationContext } from '../../shared/functions/azure.js';
import { functionsFor, type FunctionEntry } from '../../shared/functions/functionsFor.js';
import { GoldRefresher } from '../../shared/warehouse/GoldRefresher.js';
import { GOLD_SQL_DIR, listSqlFiles } from '../../shared/warehouse/sqlFiles.js';
import { loadSchema } from '../../shared/validation/validator.js';
import {
  logCollector,
  RecordingWarehouse,
  tempLanding,
  testServices,
  timerTick,
  type TempLanding,
} from '../shared/functions/helpers.js';

const BUNDLE_DIR = path.join(REPO_ROOT, 'databricks');

type Task = Record<string, unknown> & { task_key: string };
type Job = Record<string, unknown> & { tasks?: Task[] };
type Jobs = Record<string, Job>;

interface Bundle {
  /** Jobs of the bundle as one target deploys them. */
  targets: Record<string, Jobs>;
  /** Wheel entry point name -> `module:function` (pyproject.toml [project.scripts]). */
  entryPoints: Record<string, string>;
}

function readYaml(file: string): Record<string, unknown> {
  return (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
}

function jobsOf(resources: unknown): Jobs {
  return ((resources as { jobs?: Jobs } | undefined)?.jobs ?? {}) as Jobs;
}

/** A target's overrides merged into the base jobs: fields replaced, tasks merged by task_key. */
function mergeJobs(base: Jobs, overrides: Jobs): Jobs {
  const out: Jobs = structuredClone(base);
  for (const [key, override] of Object.entries(overrides)) {
    const job: Job = (out[key] ??= {});
    for (const [field, value] of Object.entries(override)) {
      if (field !== 'tasks') job[field] = value;
    }
    for (const task of override.tasks ?? []) {
      const tasks = (job.tasks ??= []);
      const existing = tasks.find((t) => t.task_key === task.task_key);
      if (existing) Object.assign(existing, task);
      else tasks.push(structuredClone(task));
    }
  }
  return out;
}

/** `[project.scripts]` of a pyproject.toml: the few `name = "module:function"` lines it holds. */
function entryPointsOf(pyproject: string): Record<string, string> {
  const section = /^\[project\.scripts\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(pyproject)?.[1] ?? '';
  return Object.fromEntries(
    [...section.matchAll(/^\s*([\w.-]+)\s*=\s*"([^"]+)"/gm)].map((m) => [m[1] as string, m[2] as string]),
  );
}

type Targets = Record<string, Record<string, unknown>>;

/** Every file's `resources`, then each target's overrides (from databricks.yml and any resource file). */
function bundleFrom(
  main: Record<string, unknown>,
  resourceFiles: Record<string, unknown>[],
  pyproject: string,
): Bundle {
  const docs = [main, ...resourceFiles];
  let base: Jobs = {};
  for (const doc of docs) base = mergeJobs(base, jobsOf(doc['resources']));
  const targets: Record<string, Jobs> = {};
  for (const name of Object.keys((main['targets'] ?? {}) as Targets)) {
    let jobs = base;
    for (const doc of docs) jobs = mergeJobs(jobs, jobsOf(((doc['targets'] ?? {}) as Targets)[name]?.['resources']));
    targets[name] = jobs;
  }
  if (Object.keys(targets).length === 0) targets['default'] = base;
  return { targets, entryPoints: entryPointsOf(pyproject) };
}

function readBundle(): Bundle {
  const resources = readdirSync(path.join(BUNDLE_DIR, 'resources'))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => readYaml(path.join(BUNDLE_DIR, 'resources', name)));
  return bundleFrom(
    readYaml(path.join(BUNDLE_DIR, 'databricks.yml')),
    resources,
    readFileSync(path.join(BUNDLE_DIR, 'pyproject.toml'), 'utf8'),
  );
}

/** Why a task writes gold, or undefined when it does not. */
function goldWrite(
  task: Task,
  jobs: Jobs,
  entryPoints: Record<string, string>,
  seen = new Set<string>(),
): string | undefined {
  const wheel = task['python_wheel_task'] as { entry_point?: string } | undefined;
  if (wheel?.entry_point) {
    const target = entryPoints[wheel.entry_point];
    if (target === undefined) return `entry point ${wheel.entry_point} is not in pyproject.toml`;
    if (/gold/i.test(wheel.entry_point) || /gold/i.test(target)) return `runs ${wheel.entry_point} (${target})`;
  }
  if (task['sql_task'] !== undefined && /gold/i.test(JSON.stringify(task['sql_task']))) return 'runs gold SQL';
  // Any other reference to gold code or gold SQL (a notebook, a Python file, a parameter); names
  // (task_key, depends_on) run nothing.
  const text = JSON.stringify({ ...task, task_key: undefined, depends_on: undefined, run_job_task: undefined });
  if (/gold/i.test(text)) return 'mentions gold';
  const runJob = task['run_job_task'] as { job_id?: unknown } | undefined;
  if (runJob) {
    const ref = /\$\{resources\.jobs\.([\w-]+)\.id\}/.exec(String(runJob.job_id))?.[1];
    if (!ref || !jobs[ref]) return `starts a job the bundle does not define (${String(runJob.job_id)})`;
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    for (const inner of jobs[ref].tasks ?? []) {
      const why = goldWrite(inner, jobs, entryPoints, seen);
      if (why) return `starts ${ref}, whose task ${inner.task_key} ${why}`;
    }
  }
  return undefined;
}

function goldWriters(bundle: Bundle): string[] {
  const out: string[] = [];
  for (const [target, jobs] of Object.entries(bundle.targets)) {
    for (const [jobKey, job] of Object.entries(jobs)) {
      for (const task of job.tasks ?? []) {
        const why = goldWrite(task, jobs, bundle.entryPoints);
        if (why) out.push(`${target}: ${jobKey}.${task.task_key} ${why}`);
      }
    }
  }
  return out;
}

const PYPROJECT =
  '[project.scripts]\npulselake-bronze = "p.jobs.bronze:main"\npulselake-silver = "p.jobs.silver:main"\npulselake-gold = "p.jobs.gold:main"\n';

describe('gold writers in the bundle (the detector)', () => {
  it('finds a gold job, and a job that starts it', () => {
    const chain = bundleFrom(
      { targets: { prod: {} } },
      [
        parse(`resources:
  jobs:
    silver_job:
      tasks:
        - task_key: silver
          python_wheel_task: { entry_point: pulselake-silver }
        - task_key: start_gold
          run_job_task: { job_id: "\${resources.jobs.gold_job.id}" }
    gold_job:
      tasks:
        - task_key: gold
          python_wheel_task: { entry_point: pulselake-gold }`) as Record<string, unknown>,
      ],
      PYPROJECT,
    );
    expect(goldWriters(chain)).toEqual([
      'prod: silver_job.start_gold starts gold_job, whose task gold runs pulselake-gold (p.jobs.gold:main)',
      'prod: gold_job.gold runs pulselake-gold (p.jobs.gold:main)',
    ]);
  });

  it('finds gold SQL, gold notebooks and tasks a target adds', () => {
    const bundle = bundleFrom(
      {
        resources: {
          jobs: { j: { tasks: [{ task_key: 'a', python_wheel_task: { entry_point: 'pulselake-bronze' } }] } },
        },
        targets: {
          dev: {},
          prod: {
            resources: {
              jobs: {
                j: {
                  tasks: [
                    { task_key: 'b', sql_task: { file: { path: '../sql/gold/10_x.sql' } } },
                    { task_key: 'c', notebook_task: { notebook_path: '../notebooks/refresh_gold' } },
                  ],
                },
              },
            },
          },
        },
      },
      [],
      PYPROJECT,
    );
    expect(goldWriters(bundle)).toEqual(['prod: j.b runs gold SQL', 'prod: j.c mentions gold']);
  });

  it('passes bronze and silver tasks, and SQL that is not gold (Unity Catalog set-up)', () => {
    const bundle = bundleFrom(
      {
        resources: {
          jobs: {
            p: {
              tasks: [
                { task_key: 'bronze', python_wheel_task: { entry_point: 'pulselake-bronze' } },
                { task_key: 'silver', python_wheel_task: { entry_point: 'pulselake-silver' } },
                { task_key: 'grants', sql_task: { file: { path: '../uc/generated/pulselake.sql' } } },
              ],
            },
          },
        },
      },
      [],
      PYPROJECT,
    );
    expect(goldWriters(bundle)).toEqual([]);
  });
});

/** Jobs that run the lakehouse package's steps (other jobs, like the Unity Catalog set-up, may exist). */
function lakehouseJobs(jobs: Jobs): string[] {
  return Object.keys(jobs).filter((key) =>
    (jobs[key]?.tasks ?? []).some((task) => task['python_wheel_task'] !== undefined),
  );
}

/**
 * The bundle before the issue-9 redesign (gold, ingest and silver jobs chained by run_job_task) is
 * still on main until the Python half of issue 9 is merged; the checks below are written for the
 * target shape and are skipped, visibly, while the old jobs exist. The detector tests above show
 * they would fail on it.
 */
const bundle = readBundle();
const OLD_BUNDLE = Object.values(bundle.targets).some((jobs) => 'pulselake_gold' in jobs);

describe.skipIf(OLD_BUNDLE)('the Databricks bundle', () => {
  it('has no job task that writes gold, in any target', () => {
    expect(goldWriters(bundle)).toEqual([]);
  });

  it('runs the lakehouse as one job, pulselake_pipeline, with tasks bronze -> silver, in every target', () => {
    for (const [target, jobs] of Object.entries(bundle.targets)) {
      // The streaming target adds the continuous variant (one task, pulselake-stream) and pauses the batch trigger.
      const variant = target === 'streaming' ? ['pulselake_pipeline_streaming'] : [];
      expect(lakehouseJobs(jobs), target).toEqual(['pulselake_pipeline', ...variant]);
      if (variant.length > 0) {
        expect((jobs['pulselake_pipeline']?.['trigger'] as { pause_status?: string }).pause_status).toBe('PAUSED');
        expect((jobs['pulselake_pipeline_streaming']?.tasks ?? []).map((t) => t.task_key)).toEqual(['stream']);
      }
      const tasks = jobs['pulselake_pipeline']?.tasks ?? [];
      expect(
        tasks.map((t) => t.task_key),
        target,
      ).toEqual(['bronze', 'silver']);
      expect(tasks[1]?.['depends_on'], target).toEqual([{ task_key: 'bronze' }]);
    }
  });
});

describe('the Function App', () => {
  let landing: TempLanding;
  beforeEach(async () => {
    landing = await tempLanding();
  });
  afterEach(() => landing.cleanup());

  /** Invokes one function with a valid input of its trigger. */
  async function invoke(fn: FunctionEntry): Promise<void> {
    const context = new InvocationContext({ functionName: fn.name, logHandler: logCollector().logHandler });
    switch (fn.kind) {
      case 'http': {
        const example = (loadSchema(fn.feed)['examples'] as unknown[])[0];
        const request = new HttpRequest({
          method: 'POST',
          url: `http://localhost/api/${fn.route}`,
          headers: { 'content-type': 'application/json' },
          body: { string: JSON.stringify(example) },
        });
        expect(await fn.options.handler(request, context)).toMatchObject({ status: 202 });
        return;
      }
      case 'eventHub':
        await fn.options.handler([{ device_id: 1, time: 1678521600, heartrate: 60 }], context);
        return;
      case 'timer': {
        await fn.options.handler(timerTick(), context);
        return;
      }
    }
  }

  it('has exactly one function that runs SQL, the gold refresh timer, and it runs the gold SQL files', async () => {
    const warehouse = new RecordingWarehouse();
    const services = testServices(landing.writer, {
      goldRefresher: new GoldRefresher({ warehouse, files: () => listSqlFiles() }),
    });
    const runsSql: string[] = [];
    for (const fn of functionsFor(services)) {
      const before = warehouse.runs.length;
      await invoke(fn);
      if (warehouse.runs.length > before) runsSql.push(fn.name);
    }
    expect(runsSql).toEqual(['goldRefreshTimer']);
    const goldFiles = readdirSync(GOLD_SQL_DIR)
      .filter((name) => name.endsWith('.sql'))
      .sort();
    expect(goldFiles.length).toBeGreaterThan(0);
    expect(warehouse.runs).toEqual([goldFiles.map((name) => path.join(GOLD_SQL_DIR, name))]);
  });
});
