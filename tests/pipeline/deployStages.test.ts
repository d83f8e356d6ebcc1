/**
 * The deployment half of azure-pipelines.yml and its step template: stage order, what each stage
 * runs, the approval gate, identity-based service connections, no secrets, only repository paths.
 * (Schema validity of azure-pipelines.yml itself: azurePipelines.test.ts.)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { REPO_ROOT } from '../../shared/config/paths.js';

type Step = Record<string, unknown> & { task?: string; script?: string; inputs?: Record<string, unknown> };
interface Job {
  job?: string;
  deployment?: string;
  environment?: string;
  steps?: Step[];
  strategy?: { runOnce: { deploy: { steps: Step[] } } };
}
interface Stage {
  stage: string;
  dependsOn?: string;
  condition?: string;
  variables?: Record<string, string>[];
  jobs: Job[];
}

const PIPELINE_FILE = path.join(REPO_ROOT, 'azure-pipelines.yml');
const TEMPLATE_FILE = path.join(REPO_ROOT, 'pipelines', 'deploy-environment.yml');
const pipelineText = readFileSync(PIPELINE_FILE, 'utf8');
const templateText = readFileSync(TEMPLATE_FILE, 'utf8');
const pipeline = YAML.parse(pipelineText) as { stages: Stage[] };
const template = YAML.parse(templateText) as { steps: Step[] };

const stage = (name: string): Stage => {
  const found = pipeline.stages.find((s) => s.stage === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const stepsOf = (s: Stage): Step[] =>
  s.jobs.flatMap((j) => [...(j.steps ?? []), ...(j.strategy?.runOnce.deploy.steps ?? [])]);
/** Scripts of a stage's steps, with the steps of the template they include. */
const scriptsOf = (s: Stage): string =>
  stepsOf(s)
    .flatMap((step) => (step['template'] ? template.steps : [step]))
    .map((step) =>
      [step.script ?? '', String(step.inputs?.['inlineScript'] ?? ''), String(step.inputs?.['scriptPath'] ?? '')].join(
        '\n',
      ),
    )
    .join('\n');

describe('azure-pipelines.yml deployment stages', () => {
  it('runs Build & Test -> Package -> Deploy dev -> Integration test on dev -> Deploy prod', () => {
    expect(pipeline.stages.map((s) => [s.stage, s.dependsOn])).toEqual([
      ['BuildAndTest', undefined],
      ['Package', 'BuildAndTest'],
      ['DeployDev', 'Package'],
      ['IntegrationDev', 'DeployDev'],
      ['DeployProd', 'IntegrationDev'],
    ]);
    for (const name of ['DeployDev', 'IntegrationDev', 'DeployProd'])
      expect(stage(name).condition).toBe("and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'))");
  });

  it('publishes JUnit results and coverage', () => {
    const tasks = stepsOf(stage('BuildAndTest')).map((s) => s.task);
    expect(tasks).toEqual(expect.arrayContaining(['PublishTestResults@2', 'PublishCodeCoverageResults@1']));
    expect(scriptsOf(stage('BuildAndTest'))).toMatch(/@vitest\/coverage-v8@4\.1\.12[\s\S]*--coverage\.enabled/);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.devDependencies['vitest']).toBe('4.1.12'); // the provider's version must match vitest's
  });

  it('packages the functions zip with the npm script, the wheel, and validates the bundle', () => {
    const scripts = scriptsOf(stage('Package'));
    expect(scripts).toContain('npm run package:functions');
    expect(scripts).toMatch(/pip wheel --no-deps .* \.\/databricks/);
    expect(scripts).toContain('databricks bundle validate -t dev');
    expect(scripts).toContain('az bicep build --file infra/main.bicep');
  });

  it('deploys each environment through a deployment job with its environment and the shared template', () => {
    for (const [name, env, environment] of [
      ['DeployDev', 'dev', 'pulselake-dev'],
      ['DeployProd', 'prod', 'pulselake-prod'],
    ] as const) {
      const [job] = stage(name).jobs;
      expect(job?.environment).toBe(environment); // prod's approval is a check on this environment
      const include = stepsOf(stage(name)).find((s) => s['template']);
      expect(include).toMatchObject({ template: 'pipelines/deploy-environment.yml', parameters: { env } });
      expect(stage(name).variables).toContainEqual({ group: environment });
    }
  });

  it('the template runs what-if before the deployment, deploys the zip to Flex Consumption, then Databricks', () => {
    const tasks = template.steps.map((s) => s.task ?? s.script?.split(' ')[0] ?? Object.keys(s)[0]);
    expect(tasks.indexOf('AzureCLI@2')).toBeLessThan(tasks.indexOf('AzureFunctionApp@2'));
    const bicep = String(template.steps.find((s) => s['name'] === 'infra')?.inputs?.['inlineScript']);
    expect(bicep.indexOf('az deployment group what-if')).toBeGreaterThan(-1);
    expect(bicep.indexOf('az deployment group what-if')).toBeLessThan(bicep.indexOf('az deployment group create'));
    expect(template.steps.find((s) => s.task === 'AzureFunctionApp@2')?.inputs).toMatchObject({
      isFlexConsumption: true,
    });
    const databricks = template.steps.find((s) => s['name'] === 'databricks');
    expect(databricks?.inputs?.['scriptPath']).toBe('scripts/deploy/databricks.sh');
    const script = readFileSync(path.join(REPO_ROOT, 'scripts', 'deploy', 'databricks.sh'), 'utf8');
    for (const step of [
      'bundle deploy -t',
      'bundle run -t "$target" pulselake_platform_setup',
      'platform sql',
      'platform warehouse-acl',
    ])
      expect(script).toContain(step);
  });

  it('the integration stage posts through the endpoints, runs the job, then waits for gold', () => {
    const scripts = scriptsOf(stage('IntegrationDev'));
    const send = scripts.indexOf('integration-test.mjs --only send');
    const run = scripts.indexOf('databricks bundle run -t dev pulselake_pipeline');
    const verify = scripts.indexOf('integration-test.mjs --only verify');
    expect(send).toBeGreaterThan(-1);
    expect(run).toBeGreaterThan(send);
    expect(verify).toBeGreaterThan(run);
  });

  it('every Azure call uses a workload-identity service connection, and no secret is written in YAML', () => {
    const connections = new Set(
      [...pipelineText.matchAll(/(?:azureSubscription|connectedServiceNameARM|serviceConnection): (\S+)/g)].map(
        (m) => m[1],
      ),
    );
    for (const text of [templateText])
      for (const m of text.matchAll(/(?:azureSubscription|connectedServiceNameARM): (\S+)/g)) connections.add(m[1]);
    expect([...connections].filter((c) => !c?.startsWith('${{')).sort()).toEqual([
      'pulselake-dev-wif',
      'pulselake-prod-wif',
    ]);
    for (const text of [pipelineText, templateText])
      expect(text).not.toMatch(
        /SharedAccessKey=|AccountKey=|dapi[0-9a-f]{20}|password\s*[:=]|client_secret|-----BEGIN/i,
      );
  });

  it('reads nothing outside the repository, and the scripts and templates it names exist', () => {
    for (const text of [pipelineText, templateText]) {
      expect(text).not.toMatch(/\.\.\/|\/work\/|shared\/schemas|shared\/fixtures/);
      for (const [file] of text.matchAll(/\b(?:scripts|infra|pipelines)\/[\w./-]+\.(?:mjs|sh|bicep|bicepparam|yml)\b/g))
        expect(existsSync(path.join(REPO_ROOT, file)), file).toBe(true);
    }
  });
});

describe('pipelines/deploy-environment.yml', () => {
  it("validates against Microsoft's published schema", () => {
    const schemaFile = path.join(REPO_ROOT, 'tests', 'pipeline', 'schema', 'azure-pipelines.schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);
    const ok = validate(template);
    const leaves = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
    expect(ok, JSON.stringify(leaves.slice(0, 8), null, 2)).toBe(true);
  });
});
