import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { scrubSecrets } from '../../../electron/main/core/analysis/scrubSecrets';
import { Emitter } from '../../../electron/main/core/lifecycle/emitter';
import { formatLogLine } from '../../../electron/main/core/logging/logLine';
import { parseLogLevel } from '../../../electron/main/core/logging/logLevel';
import { fileSink, log, logFilePath, stderrSink, type LogSink } from '../../../electron/main/core/logging/logger';
import { RotatingFile } from '../../../electron/main/core/logging/rotatingFile';
import { guardProcess } from '../../../electron/main/core/logging/unexpected';

const dir = mkdtempSync(join(tmpdir(), 'cachescope-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const at = Date.UTC(2026, 11, 1, 19, 30);

/** Captures what the process logger writes, for one test. */
function capture(threshold: LogSink['threshold'] = 'debug'): string[] {
  const lines: string[] = [];
  log.configure([{ threshold, timestamps: false, write: (line) => lines.push(line) }]);
  return lines;
}
afterEach(() => log.configure([stderrSink('warn')]));

describe('log lines', () => {
  test('carry the time, the level and the message', () => {
    expect(formatLogLine({ at, level: 'warn', message: 'history kept in memory' })).toBe(
      '2026-12-01T19:30:00.000Z WARN  history kept in memory',
    );
  });

  test('an error adds its name, code and stack frames on indented lines', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const [head, detail, frame] = formatLogLine({ at, level: 'error', message: 'probe failed', error }).split('\n');
    expect(head).toMatch(/ERROR probe failed$/);
    expect(detail).toBe('  Error [ECONNREFUSED]: connect ECONNREFUSED');
    expect(frame).toMatch(/^ {6}at /);
  });

  test('URL passwords and registered secrets never reach a line', () => {
    const line = formatLogLine(
      { at, level: 'error', message: 'cannot reach redis://app:hunter22@10.0.0.5:6379/0 (auth hunter22, sasl s3cr3t-pw)', error: new Error('postgres://u:pgpass@db/x refused') },
      ['s3cr3t-pw'],
    );
    expect(line).not.toMatch(/hunter22@|pgpass|s3cr3t-pw/);
    expect(line).toContain('redis://10.0.0.5:6379/0');
    expect(line).toContain('postgres://db/x');
  });

  test('control characters from a server or a flusher are escaped', () => {
    const line = formatLogLine({ at, level: 'info', message: 'ack from worker\x1b[2J\nFAKE LINE' });
    expect(line).toBe('2026-12-01T19:30:00.000Z INFO  ack from worker\\x1b[2J\\x0aFAKE LINE');
  });

  test('scrubSecrets leaves text without secrets alone', () => {
    expect(scrubSecrets('redis://127.0.0.1:6379 is down', ['unrelated'])).toBe('redis://127.0.0.1:6379 is down');
  });
});

describe('levels', () => {
  test('CACHESCOPE_LOG_LEVEL: the four levels, info by default, null for anything else', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('error')).toBe('error');
    expect(parseLogLevel('verbose')).toBeNull();
  });

  test('a sink only takes its level and the more severe ones', () => {
    const lines = capture('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((l) => l.trim())).toEqual(['WARN  w', 'ERROR e']);
  });

  test('a profile password registered once is scrubbed from every later line', () => {
    const lines = capture();
    log.addSecrets(['correct-horse-battery', undefined]);
    log.info('AUTH failed for correct-horse-battery');
    expect(lines[0]).toBe('INFO  AUTH failed for ***');
  });

  test('a sink that throws does not throw at the caller', () => {
    log.configure([{ threshold: 'debug', timestamps: false, write: () => { throw new Error('disk full'); } }]);
    expect(() => log.error('x')).not.toThrow();
  });
});

describe('the log file', () => {
  test('lives in <userData>/logs, private to the user', () => {
    const path = logFilePath(join(dir, 'home'));
    expect(path).toBe(join(dir, 'home', 'logs', 'cachescope.log'));
    new RotatingFile(path).append('first');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'home', 'logs')).mode & 0o777).toBe(0o700);
  });

  test('a log left with loose bits by an older version is made private', () => {
    const logs = join(dir, 'old', 'logs');
    const path = join(logs, 'cachescope.log');
    new RotatingFile(path);
    writeFileSync(path, 'old\n', { mode: 0o644 });
    new RotatingFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test('rotates at the size limit and keeps a bounded number of files', () => {
    const path = join(dir, 'rotating', 'cachescope.log');
    const file = new RotatingFile(path, { maxBytes: 1_000, files: 3 });
    const sink = fileSink(file, 'info');
    for (let i = 0; i < 200; i++) sink.write(`line ${String(i).padStart(4, '0')} ${'x'.repeat(40)}`);
    const files = readdirSync(join(dir, 'rotating')).sort();
    expect(files).toEqual(['cachescope.log', 'cachescope.log.1', 'cachescope.log.2']);
    for (const name of files) expect(statSync(join(dir, 'rotating', name)).size).toBeLessThanOrEqual(1_000);
    // The newest line is in the current file, and nothing older than two full files survives.
    expect(readFileSync(path, 'utf8')).toContain('line 0199');
    expect(files.map((f) => readFileSync(join(dir, 'rotating', f), 'utf8')).join('')).not.toContain('line 0000');
  });
});

describe('unexpected errors', () => {
  test('a throwing listener is logged and neither starves the other listeners nor escapes', async () => {
    const lines = capture();
    const escaped: unknown[] = [];
    const onUncaught = (err: unknown) => escaped.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const emitter = new Emitter<number>();
      const seen: number[] = [];
      emitter.event(() => {
        throw new Error('listener bug');
      });
      emitter.event((n) => seen.push(n));
      emitter.fire(7);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(seen).toEqual([7]);
      expect(lines.join('\n')).toMatch(/ERROR unexpected error in an event listener\n {2}Error: listener bug/);
      expect(escaped).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  test('uncaught exceptions and unhandled rejections reach the one handler; the apps keep running', () => {
    const lines = capture();
    const fakeProcess = new EventEmitter();
    const uninstall = guardProcess(fakeProcess);
    fakeProcess.emit('uncaughtException', new Error('boom'));
    fakeProcess.emit('unhandledRejection', new Error('nobody awaited me'));
    expect(lines.map((l) => l.split('\n')[0])).toEqual([
      'ERROR unexpected error in the event loop',
      'ERROR unexpected error in a promise nobody awaited',
    ]);
    uninstall();
    expect(fakeProcess.listenerCount('uncaughtException')).toBe(0);
  });

  test('the CLI exits after logging', () => {
    capture();
    const fakeProcess = new EventEmitter();
    const exits: unknown[] = [];
    guardProcess(fakeProcess, { fatal: (err) => exits.push(err) });
    fakeProcess.emit('unhandledRejection', 'rejected with a string');
    expect(exits).toEqual(['rejected with a string']);
  });
});
