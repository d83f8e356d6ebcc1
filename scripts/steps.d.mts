export interface StepResult {
  name: string;
  ok: boolean;
  reason?: string;
}
export type NamedStep = readonly [string, () => unknown];
export type Step = NamedStep | { readonly together: readonly NamedStep[] };
export function runSteps(steps: readonly Step[], log?: (line: string) => void): Promise<StepResult[]>;
export function runPrefixed(
  command: string,
  args: readonly string[],
  prefix: string,
  options?: { log?: (line: string) => void; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<void>;
