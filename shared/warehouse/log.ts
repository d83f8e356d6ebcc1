/**
 * Structured log lines of the gold refresh: one JSON object per event, so Application
 * Insights (or `jq` on CLI output) can filter by `event`, `outcome` and `file`.
 */
export interface LogEntry {
  event: string;
  [field: string]: unknown;
}

export type StructuredLogger = (entry: LogEntry) => void;

export const silentLogger: StructuredLogger = () => undefined;

/** Writes each entry as one JSON line to stderr (the CLI and scripts). */
export const stderrLogger: StructuredLogger = (entry) => {
  process.stderr.write(JSON.stringify(entry) + '\n');
};

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}
