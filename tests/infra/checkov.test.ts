import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../shared/config/paths.js';
import { bicepFiles, readBicep, runCheckov, type CheckovReport } from './bicep.js';

const SECURITY_DOC = readFileSync(path.join(REPO_ROOT, 'docs', 'security.md'), 'utf8');
/** Inline suppressions as written in the Bicep (`// checkov:skip=ID:reason`), per file. */
const SUPPRESSION = /checkov:skip=([A-Z0-9_]+):(.*)$/gm;

let report: CheckovReport;

beforeAll(() => {
  report = runCheckov();
}, 300_000);

describe('checkov on infra/ (Bicep, offline)', () => {
  it('scans every resource and finds no failed check and no parsing error', () => {
    const failed = report.results.failed_checks.map((c) => `${c.check_id} ${c.resource} (${c.file_path})`);
    expect(failed).toEqual([]);
    expect(report.summary.parsing_errors).toBe(0);
    expect(report.results.parsing_errors).toEqual([]);
    const declared = bicepFiles().reduce((n, f) => n + (readBicep(f).match(/^resource \w+ '/gm)?.length ?? 0), 0);
    expect(report.summary.resource_count).toBeGreaterThanOrEqual(declared);
    expect(report.summary.passed).toBeGreaterThan(20);
  });

  it('every skipped check is an inline suppression with a real reason, listed in docs/security.md', () => {
    const inline = bicepFiles().flatMap((file) =>
      [...readBicep(file).matchAll(SUPPRESSION)].map((m) => ({ file, id: m[1] ?? '', reason: (m[2] ?? '').trim() })),
    );
    expect(inline.length).toBe(report.summary.skipped);
    for (const skipped of report.results.skipped_checks) {
      expect(inline.map((s) => s.id)).toContain(skipped.check_id);
      expect(skipped.check_result.suppress_comment?.length ?? 0).toBeGreaterThan(40);
    }
    for (const { file, id, reason } of inline) {
      expect(reason.split(/\s+/).length, `${file} ${id}: say why`).toBeGreaterThan(8);
      expect(SECURITY_DOC, `docs/security.md lists ${id} of infra/${file}`).toMatch(
        new RegExp(`\\| \`${id}\` \\| \`infra/${file.replace(/[.]/g, '\\.')}`),
      );
    }
  });
});
