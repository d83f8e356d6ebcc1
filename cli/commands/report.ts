/** `pulselake report`: the self-contained HTML report of the current gold tables and landing counts. */
import type { Command } from 'commander';
import { requireSetting } from '../../shared/config/settings.js';
import { createLandingStore } from '../../shared/landing/index.js';
import { writeReport } from '../../shared/report/writeReport.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'Write $PULSELAKE_HOME/report/index.html (opens offline): heart rate by age bin and gender, gym vs ' +
        'exercise minutes, busiest hours, top sessions and data-quality counts, from the local gold tables.',
    )
    .option('--gold <dir>', 'use an existing `pulselake export` folder instead of exporting the gold tables')
    .action(async (options: { gold?: string }) => {
      const home = requireSetting('home');
      const stderr: string[] = [];
      try {
        const { path, model } = await writeReport({
          home,
          landing: createLandingStore(),
          ...(options.gold ? { goldExportDir: options.gold } : {}),
          onLine: (line) => console.log(`  ${line}`),
          onErrorLine: (line) => stderr.push(line),
        });
        console.log(
          `report written to ${path} (${model.totals.workouts} workouts, ${model.totals.gymVisits} gym visits)`,
        );
      } catch (error) {
        if (stderr.length > 0) console.error(stderr.slice(-30).join('\n'));
        console.error(`pulselake report: ${(error as Error).message}`);
        process.exitCode = 1;
      }
    });
}
