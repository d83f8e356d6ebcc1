import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { INFRA_LOCK, PYTHON_LOCK } from '../../shared/python/pythonEnv.js';

/** Microsoft's published Azure Pipelines schema, copied into the repository (see its README). */
const SCHEMA = path.join(REPO_ROOT, 'tests', 'pipeline', 'schema', 'azure-pipelines.schema.json');

const pipeline = YAML.parse(readFileSync(path.join(REPO_ROOT, 'azure-pipelines.yml'), 'utf8')) as {
  variables?: Record<string, unknown>;
  stages: { stage: string; jobs: { steps: Record<string, unknown>[] }[] }[];
};
let validate: ValidateFunction;

beforeAll(() => {
  expect(existsSync(SCHEMA), `expected the published schema at ${SCHEMA}`).toBe(true);
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  // unicodeRegExp:false: two patterns contain "\:"; strict:false: editor-only keywords.
  validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);
});

describe('azure-pipelines.yml', () => {
  it("validates against Microsoft's published schema", () => {
    const ok = validate(pipeline);
    // anyOf/oneOf summaries hide the real cause; show the leaf errors.
    const leaves = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    expect(ok, JSON.stringify(leaves.slice(0, 8), null, 2)).toBe(true);
  });

  it('the schema check is not vacuous: a broken pipeline fails', () => {
    expect(validate({ ...pipeline, stages: [{ stage: 'X', jobs: [{ job: 'y', steps: 5 }] }] })).toBe(false);
  });

  it('checks dependency advisories: npm audit of the runtime dependencies, pip-audit of both hashed locks', () => {
    const stage = pipeline.stages.find((s) => s.stage === 'BuildAndTest');
    const scripts = (stage?.jobs.flatMap((j) => j.steps ?? []) ?? []).map((s) => String(s['script'] ?? ''));
    expect(scripts).toContain('npm audit --omit=dev --audit-level=high');
    const audit = scripts.find((s) => /pip_audit --strict --require-hashes --disable-pip /.test(s)) ?? '';
    for (const lock of [PYTHON_LOCK, INFRA_LOCK]) {
      expect(audit).toContain(`-r ${path.relative(REPO_ROOT, lock)}`);
    }
  });

  it('has a Build & Test stage: Node 20, npm ci, lint, npm test, JUnit results published always', () => {
    const stage = pipeline.stages.find((s) => s.stage === 'BuildAndTest');
    const steps = stage?.jobs.flatMap((j) => j.steps) ?? [];
    const node = steps.find((s) => s['task'] === 'NodeTool@0') as { inputs: { versionSpec: string } } | undefined;
    const version = node?.inputs.versionSpec.replace('$(NODE_VERSION)', String(pipeline.variables?.['NODE_VERSION']));
    expect(version).toMatch(/^20(\.|$)/);
    const scripts = steps.map((s) => s['script']).filter(Boolean);
    expect(scripts).toEqual(expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npm run lint', 'npm test']));
    expect(steps.find((s) => s['task'] === 'PublishTestResults@2')).toMatchObject({
      condition: 'always()',
      inputs: { testResultsFormat: 'JUnit', testResultsFiles: 'test-results/*.xml' },
    });
  });
});
