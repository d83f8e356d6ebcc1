/** `pulselake` CLI entry point: builds the program (cli/program.ts) and runs it. */
import { describeFailure } from './failure.js';
import { buildProgram } from './program.js';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    const failure = describeFailure(error);
    console.error(failure.message);
    process.exit(failure.exitCode);
  });
