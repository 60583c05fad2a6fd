import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { Core } from '../../../electron/main/core/core';
import { AppError } from '../../../shared/errors';

const home = mkdtempSync(join(tmpdir(), 'cachescope-scrub-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

test('no error leaves the core carrying a password of a profile, whatever produced it', async () => {
  const core = await Core.create({
    frontEnd: 'cli',
    env: { CACHESCOPE_HOME: home, REDIS_URL: 'redis://:Hunter2-secret@127.0.0.1:1' },
  });
  try {
    // The handler echoes the id it was given: here, the password itself.
    const err = await core.invoke('profiles.select', { id: 'Hunter2-secret' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('NOT_FOUND');
    expect((err as AppError).message).toBe('no profile "***"');
  } finally {
    await core.dispose();
  }
});
