// Regenerates the settings table of README.md from shared/config/settings.ts (run after `npm run build`).
import { readFile, writeFile } from 'node:fs/promises';
import { replaceSettingsBlock } from '../dist/shared/config/settingsTable.js';

const readme = new URL('../README.md', import.meta.url);
await writeFile(readme, replaceSettingsBlock(await readFile(readme, 'utf8')));
