/** Shared body of the `run`, `export` and `status` CLI verbs: drive the Python entry on PULSELAKE_HOME. */
import { readSetting } from '../config/settings.js';
import { EnvironmentError, runLakehouse, type LakehouseVerb } from './pythonEnv.js';

export interface LakehouseCommandOptions {
  /**
   * Pass SIGINT/SIGTERM on to the Python runner and wait for it to stop (`run --watch` stops at a batch
   * boundary) instead of exiting at once and leaving it behind.
   */
  forwardSignals?: boolean;
}

export async function lakehouseCommand(
  verb: LakehouseVerb,
  args: string[],
  options: LakehouseCommandOptions = {},
): Promise<void> {
  const home = readSetting('home') ?? './.lake';
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => stop.abort(signal);
  const signals: NodeJS.Signals[] = options.forwardSignals ? ['SIGINT', 'SIGTERM'] : [];
  for (const signal of signals) process.on(signal, onSignal);
  try {
    const code = await runLakehouse(verb, args, { home, stop: stop.signal });
    if (code !== 0) {
      console.error(`pulselake ${verb}: the lakehouse job exited with ${code}`);
      process.exitCode = code;
    }
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    console.error(`pulselake ${verb}: ${error.message}`);
    process.exitCode = 1;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
  }
}
