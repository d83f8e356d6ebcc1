import { describe, expect, it } from 'vitest';
import {
  isPythonSupported,
  lineSplitter,
  parseJavaMajor,
  parsePythonVersion,
  venvKey,
  runLines,
} from '../../../shared/python/pythonEnv.js';

describe('parseJavaMajor', () => {
  it('reads modern version strings', () => {
    const out = 'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)';
    expect(parseJavaMajor(out)).toBe(17);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
  });

  it('reads the 1.x scheme of Java 8', () => {
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
  });

  it('gives undefined for output that is not a version', () => {
    expect(parseJavaMajor('bash: java: command not found')).toBeUndefined();
  });
});

describe('parsePythonVersion / isPythonSupported', () => {
  it('parses and accepts 3.10 and later', () => {
    expect(parsePythonVersion('Python 3.11.7')).toEqual([3, 11]);
    expect(isPythonSupported([3, 10])).toBe(true);
    expect(isPythonSupported([3, 12])).toBe(true);
    expect(isPythonSupported([4, 0])).toBe(true);
  });

  it('rejects older Pythons and garbage', () => {
    expect(isPythonSupported([3, 9])).toBe(false);
    expect(isPythonSupported([2, 7])).toBe(false);
    expect(parsePythonVersion('not python')).toBeUndefined();
  });
});

describe('venvKey', () => {
  it('changes when the pinned versions change', () => {
    const a = venvKey('dependencies = ["pyspark==3.5.0"]');
    expect(venvKey('dependencies = ["pyspark==3.5.0"]')).toBe(a);
    expect(venvKey('dependencies = ["pyspark==3.5.1"]')).not.toBe(a);
  });
});

describe('lineSplitter', () => {
  it('reassembles lines split across chunks and flushes the last one', () => {
    const lines: string[] = [];
    const splitter = lineSplitter((line) => lines.push(line));
    splitter.push('{"a":');
    splitter.push('1}\r\nsecond\nthi');
    expect(lines).toEqual(['{"a":1}', 'second']);
    splitter.push('rd');
    splitter.end();
    expect(lines).toEqual(['{"a":1}', 'second', 'third']);
  });
});

describe('runLines', () => {
  // A child that reports the signal it got, then exits on its own after a last line (as `run --watch` does).
  const child = `
    for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { console.log('got ' + s); setTimeout(() => { console.log('stopped'); process.exit(3); }, 50); });
    console.log('ready');
    setInterval(() => {}, 1000);`;

  async function stopWith(reason: string | undefined): Promise<{ lines: string[]; code: number }> {
    const lines: string[] = [];
    const stop = new AbortController();
    const code = await runLines(process.execPath, ['-e', child], {
      cwd: process.cwd(),
      onLine: (line) => {
        lines.push(line);
        if (line === 'ready') stop.abort(reason);
      },
      stop: stop.signal,
    });
    return { lines, code };
  }

  it('forwards SIGINT on abort and resolves only after the child has finished', async () => {
    expect(await stopWith(undefined)).toEqual({ lines: ['ready', 'got SIGINT', 'stopped'], code: 3 });
  });

  it('forwards SIGTERM when that is the abort reason', async () => {
    expect((await stopWith('SIGTERM')).lines).toEqual(['ready', 'got SIGTERM', 'stopped']);
  });

  it('passes our own SIGINT on to it, unless told not to (the live demo stops its watcher itself)', async () => {
    for (const forwardSignals of [true, false]) {
      const lines: string[] = [];
      const stop = new AbortController();
      await runLines(process.execPath, ['-e', child], {
        cwd: process.cwd(),
        forwardSignals,
        stop: stop.signal,
        onLine: (line) => {
          lines.push(line);
          if (line !== 'ready') return;
          process.emit('SIGINT', 'SIGINT'); // what a Ctrl-C in the terminal does to us
          setTimeout(() => stop.abort('SIGTERM'), 300);
        },
      });
      expect(lines[1]).toBe(forwardSignals ? 'got SIGINT' : 'got SIGTERM');
    }
  });
});
