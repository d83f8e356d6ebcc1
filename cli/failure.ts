/** How a failed command is told to the user. */
import { ConfigError } from '../shared/config/settings.js';

export interface Failure {
  message: string;
  exitCode: number;
}

/** One line for what a user can fix (a setting, a busy port); the stack trace only for a bug. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof ConfigError) return { message: `pulselake: ${error.message}`, exitCode: 78 };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    const port = (error as { port?: number }).port;
    return { message: `port ${port ?? '?'} is in use: pass --port`, exitCode: 1 };
  }
  return {
    message: `pulselake: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    exitCode: 1,
  };
}
