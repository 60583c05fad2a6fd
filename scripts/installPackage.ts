import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface InstalledPackage {
  /** What `npm pack --json` said of the tarball. */
  tarball: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };
  /** The installed `cachescope` command. */
  bin: string;
  /** The installed package's folder (its node_modules hold the runtime dependencies). */
  dir: string;
}

async function npm(args: string[], cwd: string): Promise<string> {
  try {
    return (await run('npm', [...args, '--loglevel', 'error'], { cwd, maxBuffer: 64 << 20 })).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`npm ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/**
 * What an ops engineer does: `npm run build`, `npm pack`, `npm install -g` of the tarball into
 * `<workDir>/prefix` (runtime dependencies from the registry, no dev dependencies).
 */
export async function buildPackInstall(root: string, workDir: string): Promise<InstalledPackage> {
  await npm(['run', 'build'], root);
  const [tarball] = JSON.parse(await npm(['pack', '--json', '--pack-destination', workDir], root)) as InstalledPackage['tarball'][];
  const prefix = join(workDir, 'prefix');
  mkdirSync(prefix, { recursive: true });
  await npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(workDir, tarball!.filename)], workDir);
  return { tarball: tarball!, bin: join(prefix, 'bin', 'cachescope'), dir: join(prefix, 'lib', 'node_modules', 'cachescope') };
}
