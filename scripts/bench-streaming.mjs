// `npm run bench` (or `node scripts/bench-streaming.mjs`): runs scripts/bench/streaming.mjs (the watcher under
// 1,000 BPM readings/s for 5 minutes; see there) and merges its {"streaming": ...} line into bench/results.json,
// keeping every other section of that file.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './bootstrap.mjs';

const results = path.join(repoRoot, 'bench', 'results.json');
const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'bench', 'streaming.mjs')], {
  cwd: repoRoot,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let last = '';
let pending = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    if (line.startsWith('{"streaming"')) last = line;
    else console.log(line);
  }
});
const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
if (pending.startsWith('{"streaming"')) last = pending;
if (code !== 0 || !last) {
  console.error(`bench-streaming: the streaming bench failed (exit ${code})`);
  process.exit(code || 1);
}
let existing = {};
try {
  existing = JSON.parse(readFileSync(results, 'utf8'));
} catch {
  // first section written
}
const section = JSON.parse(last);
mkdirSync(path.dirname(results), { recursive: true });
writeFileSync(results, `${JSON.stringify({ ...existing, ...section }, null, 2)}\n`);
console.log(JSON.stringify(section.streaming, null, 2));
console.log(`streaming section written to ${path.relative(process.cwd(), results)}`);
