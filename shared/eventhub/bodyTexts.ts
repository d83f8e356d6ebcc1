/**
 * The JSON text of each event body of a batch, when the in-process Event Hub made the bodies from
 * it. The hub keeps the JSON text of every body and hands the trigger copies parsed from it (as
 * bytes on a wire would); the batch digest and the landed NDJSON lines are `JSON.stringify` of
 * those bodies, so with the texts at hand they are not serialised again. The texts travel beside
 * the bodies array the trigger receives (keyed by that array), as the trigger's signature is fixed.
 *
 * A text is exactly `JSON.stringify` of its body because the body is parsed from
 * `JSON.stringify(value)` (stringify, parse, stringify gives the same text), as long as nobody
 * changes the body: the hub, its journal and the BPM trigger only read them.
 */
const registry = new WeakMap<readonly unknown[], readonly string[]>();

/** `JSON.stringify(value)`, refusing a value without JSON text (undefined, a function) as `JSON.parse` would. */
export function wireText(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new SyntaxError(`${String(value)} has no JSON text`);
  return text;
}

/** Records that `texts[i]` is `JSON.stringify(bodies[i])` (bodies parsed from wireText texts). */
export function rememberBodyTexts(bodies: readonly unknown[], texts: readonly string[]): void {
  if (texts.length === bodies.length) registry.set(bodies, texts);
}

/** The texts remembered for exactly this array of bodies, else undefined (the caller serialises). */
export function bodyTexts(bodies: readonly unknown[]): readonly string[] | undefined {
  const texts = registry.get(bodies);
  return texts !== undefined && texts.length === bodies.length ? texts : undefined;
}
