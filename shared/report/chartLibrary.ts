/**
 * The charting library inlined into the report, so the file opens offline: Chart.js's UMD
 * build (MIT, licence banner kept) from node_modules.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export function chartJsPath(): string {
  // The package's exports map hides dist/ files; its main entry sits beside the UMD build.
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

export async function loadChartJs(): Promise<string> {
  const source = await readFile(chartJsPath(), 'utf8');
  // Inlined into a <script> element: a closing tag inside would end it early.
  if (/<\/script/i.test(source)) throw new Error(`${chartJsPath()} contains "</script": cannot inline it`);
  return source;
}
