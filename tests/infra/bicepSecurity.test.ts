import { beforeAll, describe, expect, it } from 'vitest';
import {
  bicepFiles,
  parseBicepFiles,
  readBicep,
  resourceBody,
  type ParsedBicep,
  type ParsedResource,
} from './bicep.js';

const ROLE_ASSIGNMENT = 'Microsoft.Authorization/roleAssignments';
/** Resource types that keep a local (key / SAS / instrumentation-key) auth switch, and the property that turns it off. */
const LOCAL_AUTH_OFF: Record<string, (p: Record<string, unknown>) => boolean> = {
  'Microsoft.Storage/storageAccounts': (p) => p['allowSharedKeyAccess'] === false,
  'Microsoft.EventHub/namespaces': (p) => p['disableLocalAuth'] === true,
  'Microsoft.Insights/components': (p) => p['DisableLocalAuth'] === true,
  'Microsoft.OperationalInsights/workspaces': (p) =>
    (p['features'] as Record<string, unknown> | undefined)?.['disableLocalAuth'] === true,
};

/** Role assignments whose scope is not a resource declared (or referenced as existing) in the same file. */
function unscopedRoleAssignments(files: Record<string, ParsedBicep>): string[] {
  const problems: string[] = [];
  for (const [file, parsed] of Object.entries(files)) {
    const targetScope = parsed.globals?.['scope'] as { value?: string } | undefined;
    for (const [name, resource] of Object.entries(parsed.resources ?? {})) {
      if (resource.type !== ROLE_ASSIGNMENT) continue;
      const scope = resourceBody(resource).scope;
      const target = typeof scope === 'string' ? parsed.resources?.[scope] : undefined;
      if (!target) problems.push(`${file}:${name} scope ${JSON.stringify(scope ?? 'resource group (default)')}`);
      else if (/^Microsoft\.Resources\//.test(target.type)) problems.push(`${file}:${name} scoped to ${target.type}`);
      else if (targetScope?.value && targetScope.value !== 'resourceGroup')
        problems.push(`${file}:${name} in a ${targetScope.value}-scoped file`);
    }
  }
  return problems;
}

/** Storage, Event Hubs, App Insights and Log Analytics resources that leave local auth on. */
function localAuthLeftOn(files: Record<string, ParsedBicep>): string[] {
  const problems: string[] = [];
  for (const [file, parsed] of Object.entries(files))
    for (const [name, resource] of Object.entries(parsed.resources ?? {})) {
      const isOff = LOCAL_AUTH_OFF[resource.type];
      if (isOff && !resource.existing && !isOff(resourceBody(resource).properties ?? {}))
        problems.push(`${file}:${name} (${resource.type})`);
    }
  return problems;
}

let parsed: Record<string, ParsedBicep>;
beforeAll(() => {
  parsed = parseBicepFiles();
}, 300_000);

const resourcesOfType = (type: string): ParsedResource[] =>
  Object.values(parsed).flatMap((p) => Object.values(p.resources ?? {}).filter((r) => r.type === type && !r.existing));

describe('the parsed Bicep', () => {
  it('parses every file under infra/', () => {
    expect(Object.keys(parsed).sort()).toEqual(bicepFiles());
    expect(bicepFiles()).toEqual(expect.arrayContaining(['main.bicep', 'modules/rbac.bicep']));
  });

  it('scopes every role assignment to a resource, never to the subscription or resource group', () => {
    expect(resourcesOfType(ROLE_ASSIGNMENT).length).toBeGreaterThanOrEqual(7);
    expect(unscopedRoleAssignments(parsed)).toEqual([]);
  });

  it('never calls listKeys() or reads account keys', () => {
    for (const file of bicepFiles()) {
      const code = readBicep(file).replace(/\/\/.*$/gm, ''); // comments may name what the code avoids
      expect(code, file).not.toMatch(/\blist\w*Keys?\s*\(|\.listKeys\b|primaryKey|AccountKey=/i);
    }
  });

  it('turns local auth off on every storage, Event Hubs, App Insights and Log Analytics resource', () => {
    for (const type of Object.keys(LOCAL_AUTH_OFF)) expect(resourcesOfType(type).length, type).toBeGreaterThan(0);
    expect(localAuthLeftOn(parsed)).toEqual([]);
  });

  it('the checks are not vacuous: a resource-group-wide assignment and a keyed account are caught', () => {
    const bad: Record<string, ParsedBicep> = {
      'bad.bicep': {
        resources: {
          wide: { type: ROLE_ASSIGNMENT, existing: false, config: { properties: {} } },
          rg: {
            type: ROLE_ASSIGNMENT,
            existing: false,
            config: { condition: true, config: { name: 'x', scope: 'group' } },
          },
          group: { type: 'Microsoft.Resources/resourceGroups', existing: true, config: {} },
          keyed: { type: 'Microsoft.Storage/storageAccounts', existing: false, config: { properties: {} } },
        },
      },
    };
    expect(unscopedRoleAssignments(bad)).toHaveLength(2);
    expect(localAuthLeftOn(bad)).toEqual(['bad.bicep:keyed (Microsoft.Storage/storageAccounts)']);
  });
});
