#!/usr/bin/env node
// The `cachescope` command: the CLI that `npm run build` bundles into out/cli (plain
// JavaScript, nothing transpiled at start). From a checkout without a build, `npm run cli -- …`
// runs the sources instead.
import { existsSync } from 'node:fs';
import module from 'node:module';

const entry = new URL('../out/cli/cachescope.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('cachescope: the CLI is not built (out/cli/cachescope.js is missing): run npm run build, or npm run cli -- … for the sources\n');
  process.exit(3);
}
// Node 22.1+ caches compiled code between runs; Node 20 starts without it.
module.enableCompileCache?.();
await import(entry.href);
