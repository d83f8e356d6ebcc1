import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.js';
import { renderSettingsTable, replaceSettingsBlock } from '../../shared/config/settingsTable.js';
import { SETTINGS } from '../../shared/config/settings.js';
import { FEEDS } from '../../shared/feeds/registry.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README matches the code', () => {
  it('embeds the current settings table (run `npm run docs` after changing settings)', () => {
    expect(replaceSettingsBlock(readme)).toBe(readme);
    for (const spec of Object.values(SETTINGS)) expect(readme).toContain(`\`${spec.name}\``);
  });

  it('lists every CLI verb', () => {
    const program = new Command();
    for (const register of COMMANDS) register(program);
    const verbs = program.commands.map((c) => c.name());
    expect(verbs.length).toBeGreaterThan(5);
    for (const verb of verbs) expect(readme).toContain(`| \`pulselake ${verb}`);
  });

  it('lists every HTTP route with its feed', () => {
    for (const feed of Object.values(FEEDS))
      expect(readme).toMatch(new RegExp(`POST /api/${feed.route}\` \\| \`${feed.name}\``));
  });
});

describe('renderSettingsTable', () => {
  it('escapes pipes and marks settings without a default', () => {
    const table = renderSettingsTable([
      { name: 'X', description: 'a|b', sample: '', usedBy: 'u', parse: (raw) => raw },
    ]);
    expect(table.split('\n')[2]).toBe('| `X` | — | u | a\\|b |');
  });
});
