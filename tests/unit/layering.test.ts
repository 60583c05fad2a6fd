import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|vue|mts|js)$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string, specifier: RegExp) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)]
    .map((m) => m[1]!)
    .filter((s) => specifier.test(s));

/** Imports that load code at run time: `import type` is erased by the compiler. */
const valueImportsOf = (file: string, specifier: RegExp) =>
  [...readFileSync(join(root, file), 'utf8').replace(/\bimport\s+type\s[^;]*?from\s*['"][^'"]+['"]/g, '').matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)]
    .map((m) => m[1]!)
    .filter((s) => specifier.test(s));

const electronAllowed = (file: string) =>
  file === 'electron/main/index.ts' || file.startsWith('electron/main/desktop/') || file.startsWith('electron/preload/');

describe('layering (docs/architecture.md §1)', () => {
  const files = ['electron', 'shared', 'renderer/src', 'scripts', 'demo']
    .filter((dir) => {
      try {
        return statSync(join(root, dir)).isDirectory();
      } catch {
        return false;
      }
    })
    .flatMap(sourceFiles)
    .map((f) => relative(root, join(root, f)));

  test('finds the source tree', () => {
    expect(files).toContain('electron/main/core/core.ts');
    expect(files).toContain('electron/main/desktop/ipcBridge.ts');
  });

  test('only the desktop adapter, the Electron entry and the preload import electron', () => {
    const offenders = files.filter((f) => !electronAllowed(f) && importsOf(f, /^electron(\/|$)/).length > 0);
    expect(offenders).toEqual([]);
  });

  test('the renderer only reaches the core through shared/', () => {
    const offenders = files
      .filter((f) => f.startsWith('renderer/'))
      .filter((f) => importsOf(f, /(^|\/)electron\/|^(ioredis|pg|kafkajs)$|^node:/).length > 0);
    expect(offenders).toEqual([]);
  });

  test('shared/ depends on nothing but zod', () => {
    const offenders = files
      .filter((f) => f.startsWith('shared/'))
      .filter((f) => importsOf(f, /^[^.]/).some((s) => s !== 'zod'));
    expect(offenders).toEqual([]);
  });

  test('the main process loads ioredis, pg, kafkajs and redis-parser only in connections/drivers.ts, on first use', () => {
    // Anywhere else a value import loads the driver at start, for CLI verbs that never use it.
    const offenders = files
      .filter((f) => f.startsWith('electron/main/') && f !== 'electron/main/core/connections/drivers.ts')
      .filter((f) => valueImportsOf(f, /^(ioredis|pg|kafkajs|redis-parser)$/).length > 0);
    expect(offenders).toEqual([]);
  });
});
