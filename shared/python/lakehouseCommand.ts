/** Shared body of the `run`, `export` and `status` CLI verbs: drive the Python entry on PULSELAKE_HOME. */
import { readSetting } from '../config/settings.js';
import { EnvironmentError, runLakehouse, type LakehouseVerb } from './pythonEnv.js';

export async function lakehouseCommand(verb: LakehouseVerb, args: string[]): Promise<void> {
  const home = readSetting('home') ?? './.lake';
  try {
    const code = await runLakehouse(verb, args, { home });
    if (code !== 0) {
      console.error(`pulselake ${verb}: the lakehouse job exited with ${code}`);
      process.exitCode = code;
    }
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    console.error(`pulselake ${verb}: ${error.message}`);
    process.exitCode = 1;
  }
}
