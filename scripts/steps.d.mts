export interface StepResult {
  name: string;
  ok: boolean;
  reason?: string;
}
export function runSteps(steps: readonly (readonly [string, () => void])[], log?: (line: string) => void): StepResult[];
