/**
 * Keeps function keys (and SAS signatures) out of logs: the `code` / `sig` query parameters and
 * the `x-functions-key` header are replaced by `[REDACTED]` wherever a logged line carries a URL
 * or a header. The local host passes every log line through here.
 */
const SECRET_QUERY = /([?&](?:code|sig|x-functions-key)=)[^&#\s"'<>]*/gi;
const SECRET_HEADER = /(x-functions-key["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi;
export const REDACTED = '[REDACTED]';

export function redactSecrets(text: string): string {
  return text.replace(SECRET_QUERY, `$1${REDACTED}`).replace(SECRET_HEADER, `$1${REDACTED}`);
}

/** Log arguments with secrets redacted: strings as is, errors by their stack (or message). */
export function redactLogArgs(args: readonly unknown[]): unknown[] {
  return args.map((arg) => {
    if (typeof arg === 'string') return redactSecrets(arg);
    if (arg instanceof Error) return redactSecrets(arg.stack ?? `${arg.name}: ${arg.message}`);
    return arg;
  });
}
