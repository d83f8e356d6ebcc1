/**
 * What the Bicep compiler would reject, checked on the parsed templates (the compiler is not
 * available here): module calls pass exactly the parameters their module declares (all required
 * ones), `<module>.outputs.<name>` names a declared output, and each .bicepparam sets only
 * parameters of main.bicep, every required one included.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBicepFiles, readBicep, type ParsedBicep } from './bicep.js';

let parsed: Record<string, ParsedBicep>;
beforeAll(() => {
  parsed = parseBicepFiles();
}, 300_000);

const required = (file: ParsedBicep): string[] =>
  Object.entries(file.parameters ?? {})
    .filter(([, p]) => p.default === null || p.default === undefined)
    .map(([name]) => name);

describe('main.bicep and its modules', () => {
  it('every module call passes only declared parameters and all required ones', () => {
    const main = parsed['main.bicep'];
    const modules = Object.entries(main?.modules ?? {});
    expect(modules.length).toBeGreaterThanOrEqual(10);
    for (const [name, module] of modules) {
      const target = parsed[path.posix.normalize(module.detail.path)];
      expect(target, `${name}: ${module.detail.path}`).toBeDefined();
      const passed = Object.keys(module.config.params ?? {});
      const declared = Object.keys(target?.parameters ?? {});
      expect(
        passed.filter((p) => !declared.includes(p)),
        `${name}: unknown parameters`,
      ).toEqual([]);
      expect(
        required(target ?? {}).filter((p) => !passed.includes(p)),
        `${name}: missing parameters`,
      ).toEqual([]);
    }
  });

  it('every <module>.outputs.<name> in main.bicep is an output of that module', () => {
    const main = parsed['main.bicep'];
    const refs = [...readBicep('main.bicep').matchAll(/\b(\w+)\.outputs\.(\w+)/g)];
    expect(refs.length).toBeGreaterThan(20);
    for (const [ref, module = '', output = ''] of refs) {
      const file = main?.modules?.[module]?.detail.path;
      expect(file, ref).toBeDefined();
      expect(Object.keys(parsed[file ?? '']?.outputs ?? {}), ref).toContain(output);
    }
  });

  it.each(['dev.bicepparam', 'prod.bicepparam'])(
    '%s sets only parameters of main.bicep, every required one',
    (file) => {
      const text = readBicep(file);
      expect(text).toMatch(/^using '\.\/main\.bicep'$/m);
      const set = [...text.matchAll(/^param (\w+) =/gm)].map((m) => m[1] ?? '');
      const declared = Object.keys(parsed['main.bicep']?.parameters ?? {});
      expect(set.filter((p) => !declared.includes(p))).toEqual([]);
      expect(required(parsed['main.bicep'] ?? {}).filter((p) => !set.includes(p))).toEqual([]);
    },
  );
});
