/**
 * The whole-process wall time of the installed, built `cachescope`, side by side in one run
 * with the tools an ops engineer would otherwise type:
 *
 *   - `cachescope lag --json` vs Kafka's `kafka-consumer-groups --describe` (the JVM
 *     ConsumerGroupCommand from the broker's jars) for the same group of 1000 partitions, every
 *     one with records waiting since the set-up and nobody consuming: as run by default with
 *     the default 5 s SLA (breached, which its first reading decides), as run by default with
 *     a 1 h SLA (not decided by one reading, so it watches its 2 s window), and with
 *     `--window 0`, one reading as the JVM tool takes;
 *   - `cachescope stats --json` vs `redis-cli info stats`;
 *   - `cachescope --version` and `node -e 0`: what Node's start costs before any work.
 *
 *   npm run bench:cli -- [--partitions 1000] [--runs 10] [--cachescope <installed bin>]
 *
 * Builds, packs and installs the package into a temporary prefix unless --cachescope names an
 * installed command. Times with hyperfine when it is on PATH, else with process.hrtime over
 * the runs; prints medians and ratios (target: lag ≤ 0.5× the JVM tool).
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import kafkajs from 'kafkajs';
import { ensureServices } from '../scripts/services/index';
import { requireExecutable } from '../scripts/services/proc';
import { buildPackInstall } from '../scripts/installPackage';
import { WriteBehindConventionsSchema } from '../shared/profile';
import { jvmDescribe, median, ms, setUpLaggingGroup, timed } from './support/laggingGroup';

const { Kafka: KafkaClient, logLevel } = kafkajs;
const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..');

const { values } = parseArgs({
  options: { partitions: { type: 'string', default: '1000' }, runs: { type: 'string', default: '10' }, cachescope: { type: 'string' } },
});
const partitionCount = Number(values.partitions);
const runs = Number(values.runs);

interface Command {
  label: string;
  argv: [string, ...string[]];
}

function hasHyperfine(): boolean {
  try {
    execFileSync('hyperfine', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Median wall time of each command, in ms. Exit codes are ignored: `lag` exits 1 on a lagging group by design. */
async function medians(commands: Command[], env: NodeJS.ProcessEnv, workDir: string): Promise<number[]> {
  if (hasHyperfine()) {
    const file = join(workDir, 'hyperfine.json');
    const quoted = commands.map((c) => c.argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '));
    await run('hyperfine', ['--shell=none', '--ignore-failure', '--warmup', '1', '--runs', String(runs), '--export-json', file, ...quoted], { env, maxBuffer: 64 << 20 });
    const { results } = JSON.parse(readFileSync(file, 'utf8')) as { results: { median: number }[] };
    return results.map((r) => r.median * 1000);
  }
  const out: number[] = [];
  for (const { argv } of commands) {
    const [program, ...args] = argv;
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const { ms: elapsed } = await timed(() => run(program, args, { env, maxBuffer: 64 << 20 }).catch(() => undefined));
      if (i > 0) times.push(elapsed); // the first is a warm-up, as with hyperfine
    }
    out.push(median(times));
  }
  return out;
}

async function main(): Promise<void> {
  const { kafkaBrokers, redisUrl } = await ensureServices({ postgres: false, log: () => undefined });
  const brokers = kafkaBrokers.join(',');
  const redisCli = await requireExecutable('redis-cli', 'install redis-tools');
  const work = mkdtempSync(join(tmpdir(), 'cachescope-bench-cli-'));
  const id = randomBytes(3).toString('hex');
  const names = { topic: `cachescope-bench-cli-${id}`, dlqTopic: `cachescope-bench-cli-${id}.dlq`, group: `cachescope-bench-cli-${id}-group` };
  const kafka = new KafkaClient({ clientId: 'cachescope-bench', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    let cachescope = values.cachescope;
    if (!cachescope) {
      console.log('building, packing and installing cachescope into a temporary prefix…');
      cachescope = (await buildPackInstall(repoRoot, work)).bin;
    }
    console.log(`setting up ${names.topic}: ${partitionCount} partitions, ${names.group} lagging on each…`);
    await setUpLaggingGroup(admin, kafka, names, partitionCount);
    const conventions = WriteBehindConventionsSchema.parse({ queueTopic: names.topic, flusherGroup: names.group, dlqTopic: names.dlqTopic });
    const profile = (id: string, persistenceSlaMs: number) => ({ id, name: id, redis: { url: redisUrl }, kafka: { brokers: kafkaBrokers }, writeBehind: { ...conventions, persistenceSlaMs } });
    const profiles = join(work, 'profiles.json');
    writeFileSync(profiles, JSON.stringify({ profiles: [profile('bench', conventions.persistenceSlaMs), profile('bench-within-sla', 3_600_000)] }), { mode: 0o600 });
    const env = { ...process.env, CACHESCOPE_HOME: join(work, 'home'), CACHESCOPE_PROFILES: profiles };
    const { hostname, port } = new URL(redisUrl);

    // The JVM tool must agree on the lag it reports, or the comparison means nothing.
    const jvm = await jvmDescribe(work, brokers, names.group);
    const { value: lagJson } = await timed(() => run(cachescope, ['lag', '--json', '--profile', 'bench'], { env, maxBuffer: 64 << 20 }).catch((e: { stdout: string }) => e));
    type CliGroup = { totalLag: number; windowSamples: number; verdicts: { headline: { text: string } } };
    const cliGroup = (JSON.parse(lagJson.stdout) as { groups: CliGroup[] }).groups[0]!;
    const cliLag = cliGroup.totalLag;
    const jvmLag = (await jvm.run()).totalLag;

    const commands: Command[] = [
      { label: 'kafka-consumer-groups --describe (JVM)', argv: jvm.command },
      { label: 'cachescope lag --json', argv: [cachescope, 'lag', '--json', '--profile', 'bench'] },
      { label: 'cachescope lag --json (1 h SLA)', argv: [cachescope, 'lag', '--json', '--profile', 'bench-within-sla'] },
      { label: 'cachescope lag --json --window 0', argv: [cachescope, 'lag', '--json', '--window', '0', '--profile', 'bench'] },
      { label: 'redis-cli info stats', argv: [redisCli, '-h', hostname, '-p', port || '6379', 'info', 'stats'] },
      { label: 'cachescope stats --json', argv: [cachescope, 'stats', '--json', '--profile', 'bench'] },
      { label: 'cachescope --version', argv: [cachescope, '--version'] },
      { label: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    ];
    const load = loadavg().map((x) => x.toFixed(1)).join(' ');
    const times = await medians(commands, env, work);
    const [jvmMs, lagMs, watchedMs, oneReadingMs, redisMs, statsMs, versionMs, nodeMs] = times as [number, number, number, number, number, number, number, number];
    const versusJvm = (x: number) => `${(x / jvmMs).toFixed(2)}× the JVM tool   target ≤ 0.5×: ${x / jvmMs <= 0.5 ? 'met' : 'MISSED'}`;
    const row = (i: number, ratio = '') => `  ${commands[i]!.label.padEnd(40)} ${ms(times[i]!).padStart(7)} ms  ${ratio}`;
    console.log(`
whole-process wall time, median of ${runs} runs each (${hasHyperfine() ? 'hyperfine' : 'process.hrtime'}), load average before: ${load}
${row(0, '1×')}
${row(1, `${versusJvm(lagMs)} (SLA ${conventions.persistenceSlaMs / 1000} s breached: the first reading decides)`)}
${row(2, `${versusJvm(watchedMs)} (within its SLA: watches 2 s)`)}
${row(3, versusJvm(oneReadingMs))}
${row(4, '1×')}
${row(5, `${(statsMs / redisMs).toFixed(1)}× redis-cli (+${ms(statsMs - redisMs)} ms)`)}
${row(6, 'Node start + the built CLI, no connection')}
${row(7, 'Node start alone')}

  total lag: cachescope ${cliLag}, JVM tool ${jvmLag}${cliLag === jvmLag ? ' (agree)' : ' (DISAGREE)'}; lag's verdict: ${cliGroup.verdicts.headline.text}, on ${cliGroup.windowSamples} reading(s)
  of stats' ${ms(statsMs)} ms: Node ${ms(nodeMs)}, loading the CLI ${ms(versionMs - nodeMs)}, core + drivers + Redis ${ms(statsMs - versionMs)}`);
  } finally {
    await admin.deleteGroups([names.group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [names.topic, names.dlqTopic] }).catch(() => undefined);
    await admin.disconnect();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
