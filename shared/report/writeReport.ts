/**
 * `pulselake report` end to end: the gold tables (exported by the lakehouse runner into a
 * temporary folder, unless an export is at hand), the landing counts, the model, the HTML,
 * written atomically to `$PULSELAKE_HOME/report/index.html`.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LandingStore } from '../landing/LandingStore.js';
import { runLakehouse, type RunLakehouseOptions } from '../python/pythonEnv.js';
import { loadChartJs } from './chartLibrary.js';
import { readGoldExport, type GoldTables } from './goldTables.js';
import { countLanding, landedGymLogins } from './landingCounts.js';
import { renderReport } from './renderHtml.js';
import { buildReportModel, type ReportModel } from './reportModel.js';

export interface WriteReportOptions {
  /** PULSELAKE_HOME. */
  home: string;
  /** Where the landing zone is read from (data-quality counts, kiosk logins). */
  landing: LandingStore;
  /** A folder that already holds `pulselake export` output; otherwise the report exports one. */
  goldExportDir?: string;
  /** Output lines of the lakehouse export (progress). */
  onLine?: RunLakehouseOptions['onLine'];
  onErrorLine?: RunLakehouseOptions['onErrorLine'];
  now?: Date;
}

export function reportPath(home: string): string {
  return path.resolve(home, 'report', 'index.html');
}

/** Runs `export --out <temp dir>` and reads the two tables. */
export async function exportGold(
  home: string,
  lines: Pick<WriteReportOptions, 'onLine' | 'onErrorLine'> = {},
): Promise<GoldTables> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pulselake-gold-'));
  try {
    const code = await runLakehouse('export', ['--out', dir], { home, ...lines });
    if (code !== 0) throw new Error(`the gold export (pulselake export) exited with ${code}`);
    return await readGoldExport(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function writeReport(options: WriteReportOptions): Promise<{ path: string; model: ReportModel }> {
  const gold = options.goldExportDir
    ? await readGoldExport(options.goldExportDir)
    : await exportGold(options.home, options);
  const model = buildReportModel({
    gold,
    dataQuality: await countLanding(options.landing),
    landedLogins: await landedGymLogins(options.landing),
    generatedAt: options.now ?? new Date(),
  });
  const html = renderReport(model, await loadChartJs());
  const target = reportPath(options.home);
  await mkdir(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.index.html.${process.pid}.tmp`);
  await writeFile(temp, html);
  await rename(temp, target); // readers see the old report or the new one, never half of it
  return { path: target, model };
}
