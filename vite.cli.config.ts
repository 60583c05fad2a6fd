import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The `cachescope` command (and its `serve` verb) as plain JavaScript for Node: one entry,
 * each verb's heavy code in its own chunk. The dependencies are bundled too: Node 20 resolves
 * and loads each file of a package on its own (zod is a hundred files, kafkajs a hundred and
 * fifty), which cost a short command more than all its work. Each driver stays in the chunk
 * its connection imports on first use (core/connections/drivers.ts), so `stats` never loads
 * kafkajs or pg. `npm run build` runs this after electron-vite's build.
 */
/** A dependency's chunk by its package's name (`chunks/ioredis.js`), not its entry file's (`built.js`). */
function chunkFileName({ facadeModuleId }: { facadeModuleId: string | null }): string {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(facadeModuleId ?? '')?.[1];
  return `chunks/${dependency ? dependency.replace('/', '-') : '[name]'}.js`;
}

export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/cli',
    emptyOutDir: true,
    // Readable stacks in the process log; minifying saved nothing measurable at start.
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { cachescope: resolve('electron/main/cli/main.ts') },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: chunkFileName },
    },
  },
});
