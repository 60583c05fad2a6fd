#!/usr/bin/env node
// The `cachescope` command: runs the CLI's TypeScript through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../electron/main/cli/main.ts');
