import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The `cachescope` command (and its `serve` verb) as plain JavaScript for Node: one entry,
 * each verb's heavy code in its own chunk, dependencies left to node_modules (they are the
 * package's runtime dependencies). `npm run build` runs it after electron-vite's build.
 */
export default defineConfig({
  publicDir: false,
  // ECharts is no runtime dependency (the renderer bundles it): the incident export's SVG
  // charts carry the part they use in their own chunk, loaded by `export` alone.
  ssr: { noExternal: ['echarts', 'zrender', 'tslib'] },
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/cli',
    emptyOutDir: true,
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { cachescope: resolve('electron/main/cli/main.ts') },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name].js' },
    },
  },
});
