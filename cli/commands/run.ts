/**
 * `pulselake run`: every lakehouse job once (landing -> bronze -> silver -> gold) on $PULSELAKE_HOME;
 * with `--watch`, the same steps as long-lived streams until Ctrl-C (SIGINT) or SIGTERM.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { lakehouseCommand } from '../../shared/python/lakehouseCommand.js';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** A duration such as `10s`, `500ms`, `2m` or a bare number of seconds, as seconds (> 0). */
export function durationSeconds(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] ?? 1) : Number.NaN;
  if (!(seconds > 0)) throw new InvalidArgumentError('must be a positive duration such as 10s, 500ms or 2m');
  return seconds;
}

export interface RunFlags {
  watch?: boolean;
  interval?: number;
  goldInterval?: number;
  export?: string;
  json?: boolean;
}

/** The Python runner's arguments for `run` (the watch options mean nothing without --watch). */
export function runArgs(flags: RunFlags): string[] {
  const watchOnly = ['interval', 'goldInterval', 'export', 'json'] as const;
  if (!flags.watch) {
    const given = watchOnly.filter((name) => flags[name] !== undefined);
    if (given.length > 0) throw new InvalidArgumentError(`--${given.map(kebab).join(', --')} needs --watch`);
    return [];
  }
  return [
    '--watch',
    ...(flags.interval !== undefined ? ['--interval', String(flags.interval)] : []),
    ...(flags.goldInterval !== undefined ? ['--gold-interval', String(flags.goldInterval)] : []),
    ...(flags.export !== undefined ? ['--export', flags.export] : []),
    ...(flags.json ? ['--json'] : []),
  ];
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'Run the lakehouse steps once (availableNow) on $PULSELAKE_HOME with Spark local mode + Delta: ' +
        'landing -> bronze -> silver (the Databricks job pulselake_pipeline, same entry points) -> gold ' +
        '(the gold SQL files, which the timer runs in Azure). Prints per-stage progress, durations and row counts. ' +
        'With --watch the bronze and silver streams keep running (processing-time trigger, same checkpoints), ' +
        'derived silver and gold are refreshed on the gold period; one progress line per ' +
        'micro-batch; Ctrl-C or SIGTERM stops at a batch boundary and a later run resumes where it stopped.',
    )
    .option('--watch', 'keep running: streaming mode until Ctrl-C / SIGTERM')
    .option('--interval <duration>', 'with --watch: time between micro-batches (default 20s)', durationSeconds)
    .option(
      '--gold-interval <duration>',
      'with --watch: time between gold refreshes, skipped when silver did not change (default 20s)',
      durationSeconds,
    )
    .option('--export <dir>', 'with --watch: write the gold tables as JSON lines to <dir> after every refresh')
    .option('--json', 'with --watch: one JSON object per progress event instead of a line of text')
    .action(async (flags: RunFlags) => {
      let args: string[];
      try {
        args = runArgs(flags);
      } catch (error) {
        console.error(`pulselake run: ${(error as Error).message}`);
        process.exitCode = 1;
        return;
      }
      await lakehouseCommand('run', args); // Ctrl-C / SIGTERM reach the runner: --watch stops at a batch boundary
    });
}
