import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { host, instanceDir, logFile, repoRoot, servicesRoot } from './paths';
import { lastLines, livePid, requireExecutable, run, spawnDetached, terminate, withLock } from './proc';
import { line, type Log, type LocalService } from './service';
import { portOpen, duration } from './wait';

// kafkajs is CommonJS: Node's ESM loader only sees its default export.
const { Kafka, logLevel } = kafkajs;

const pom = join(repoRoot, 'scripts/kafka/pom.xml');
/** Shared by every instance: the jars are the same whatever the port. */
const libsDir = join(servicesRoot, 'kafka', 'libs');
/** Written last into libsDir: holds the hash of the pom the jars were fetched for. */
const libsMarker = join(libsDir, '.complete');

/** A single-node KRaft broker+controller run from the Maven jars, detached, with a pidfile. */
export function kafkaService(port: number, controllerPort: number): LocalService {
  const dir = instanceDir('kafka', port);
  const log = logFile('kafka', port);
  const serverProperties = join(dir, 'server.properties');
  const log4jProperties = join(dir, 'log4j.properties');
  const dataDir = join(dir, 'data');
  const pidFile = join(dir, 'kafka.pid');
  return {
    name: 'kafka',
    port,
    url: `${host}:${port}`,
    dir,
    logFile: log,
    // A cold JVM on two cores, then the metadata log and the first leader election.
    readyTimeoutMs: 120_000,
    answers: kafkaAnswers,
    // The broker's command line names its own server.properties.
    pid: () => livePid(pidFile, serverProperties),
    async start(say) {
      if (await portOpen(controllerPort)) throw new Error(`controller port ${controllerPort} is already taken`);
      const java = await javaBin();
      const libs = await kafkaLibsDir(say);
      await mkdir(dataDir, { recursive: true });
      await writeFile(serverProperties, serverConfig(port, controllerPort, dataDir));
      await writeFile(log4jProperties, log4jConfig);
      const jvm = ['-cp', join(libs, '*'), `-Dlog4j.configuration=file:${log4jProperties}`];
      // Formatting costs two JVM starts: skip it once the data folder carries its cluster id.
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        const clusterId = lastLines(await run(java, [...jvm, 'kafka.tools.StorageTool', 'random-uuid']), 1);
        await run(java, [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', serverProperties, '--ignore-formatted']);
      }
      await spawnDetached(java, ['-Xms256m', '-Xmx512m', ...jvm, 'kafka.Kafka', serverProperties], {
        cwd: dir,
        logFile: log,
        pidFile,
      });
    },
    async stop(pid) {
      // A controlled shutdown moves leadership and flushes logs; it takes a few seconds.
      await terminate(pid, 60_000);
      await rm(pidFile, { force: true });
    },
  };
}

/**
 * The folder of Kafka's jars (broker and tools, for `java -cp '<dir>/*'`), fetched with Maven on
 * first use: from ~/.m2 offline when it has them, else from Maven Central.
 */
export async function kafkaLibsDir(log: Log = () => {}): Promise<string> {
  const wanted = createHash('sha256').update(await readFile(pom)).digest('hex');
  const fetched = async () => (await readFile(libsMarker, 'utf8').catch(() => '')) === wanted;
  if (await fetched()) return libsDir;
  return withLock(`${libsDir}.lock`, async () => {
    if (await fetched()) return libsDir; // another process fetched them while we waited
    const mvn = await requireExecutable('mvn', 'apt-get install maven / brew install maven');
    // Jars of an older pom would sit on the classpath beside the new ones.
    await rm(libsDir, { recursive: true, force: true });
    const args = ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${libsDir}`];
    const startedAt = Date.now();
    let source = '~/.m2';
    try {
      await run(mvn, ['-o', ...args]);
    } catch {
      source = 'Maven Central';
      log(line('kafka', 'fetching jars', libsDir, 'first run only'));
      await run(mvn, args, { timeoutMs: 15 * 60_000 });
    }
    await writeFile(libsMarker, wanted);
    log(line('kafka', `jars from ${source} in ${duration(Date.now() - startedAt)}`, libsDir));
    return libsDir;
  });
}

/** True when the broker(s) at `brokers` (comma-separated host:port) describe their cluster. */
async function kafkaAnswers(brokers: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'cachescope-services',
    brokers: brokers.split(','),
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING, // polling a starting broker fails on purpose
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function javaBin(): Promise<string> {
  const javaHome = process.env.JAVA_HOME ? [join(process.env.JAVA_HOME, 'bin')] : [];
  return requireExecutable('java', 'apt-get install openjdk-17-jre-headless / brew install openjdk@17', javaHome);
}

/** Single-node KRaft; topics are created explicitly, and small internal topics start faster. */
function serverConfig(port: number, controllerPort: number, dataDir: string): string {
  return `${[
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${controllerPort}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
  ].join('\n')}\n`;
}

/** Everything to stdout, which is the instance's log file; per-request logging off. */
const log4jConfig = `${[
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.request.logger=WARN',
  'log4j.logger.state.change.logger=WARN',
].join('\n')}\n`;
