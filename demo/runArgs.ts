export interface RunArgs {
  /** Open the dashboard in a browser (serve mode) instead of the Electron window. */
  serve: boolean;
  /** Run services and pipeline only, no dashboard. */
  app: boolean;
  flushers: number;
  /** Passed to the flushers as --slow-ms. */
  slowMs: number | undefined;
  /** Stop by itself after this many seconds (measurements, CI); 0 runs until Ctrl-C. */
  durationSeconds: number;
  /** Everything else goes to the workload (e.g. --reads 2000 --writes 200). */
  workloadArgs: string[];
  help: boolean;
}

export const runUsage = `usage: npm run demo [-- options]      (npm run demo:serve for the browser)
  --serve           open the dashboard in a browser (serve mode) instead of Electron
  --no-app          run the services, flusher and workload only
  --flushers N      flusher processes in the group (1)
  --slow-ms N       flusher delay per batch, to create lag (also: redis-cli SET demo:flusher:slow-ms N)
  --duration S      stop after S seconds (0: run until Ctrl-C)
Any other option goes to the workload (see: npx tsx demo/workload/main.ts --help).`;

function positiveInt(flag: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < min) throw new Error(`${flag} needs a whole number >= ${min}`);
  return value;
}

export function parseRunArgs(argv: string[]): RunArgs {
  const args: RunArgs = { serve: false, app: true, flushers: 1, slowMs: undefined, durationSeconds: 0, workloadArgs: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    switch (arg) {
      case '--serve':
        args.serve = true;
        break;
      case '--no-app':
        args.app = false;
        break;
      case '--flushers':
        args.flushers = positiveInt(arg, argv[++i], 1);
        break;
      case '--slow-ms':
        args.slowMs = positiveInt(arg, argv[++i], 0);
        break;
      case '--duration':
        args.durationSeconds = positiveInt(arg, argv[++i], 0);
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        args.workloadArgs.push(arg);
    }
  }
  return args;
}

/** The serve URL in serve mode's output (`http://127.0.0.1:4780/?token=…`). */
export function findServeUrl(line: string): string | undefined {
  return /https?:\/\/(?:127\.0\.0\.1|localhost):\d+\/\S*token=\S+/.exec(line)?.[0];
}
