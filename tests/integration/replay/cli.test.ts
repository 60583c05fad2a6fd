import { expect, test } from 'vitest';
import { auditRecords } from '../controls/support';
import { readTopic } from '../demo/support';
import { runCli } from '../support/runCli';
import { cachescopeHeaders, cursorOf, replayNames, replayProfile, useKafka, withOwnDlq } from './support';

const clients = useKafka();

test('replay and park on the command line: usage errors exit 2, a read-only profile exits 4, park --yes prints the counts', { timeout: 180_000 }, async () => {
  const { kafka, admin, producer } = clients;
  const names = replayNames('cli');
  await withOwnDlq(admin, names, { profiles: { main: replayProfile(names, { namespaces: [] }), prod: replayProfile(names, { environment: 'production' }) } }, async (home) => {
    const cli = (args: string[]) => runCli(args, { CACHESCOPE_HOME: home.home });
    await producer.send({ topic: names.dlqTopic, acks: -1, messages: [0, 1, 2].map((i) => ({ key: `cli:${i}`, value: `v${i}`, headers: { ...cachescopeHeaders(names.queueTopic, 0, i, i === 1 ? 'timeout' : 'check'), 'x-error-kind': i === 1 ? 'transient' : 'permanent' } })) });

    for (const [args, reason] of [
      [['replay', '--profile', 'main'], /--yes/],
      [['replay', '--filter', 'colour=red', '--dry-run', '--profile', 'main'], /--filter knows kind, error, key/],
      [['replay', '--offsets', '0:5-1', '--dry-run', '--profile', 'main'], /FROM <= TO/],
      [['park', '--yes', '--profile', 'main'], /--reason/],
    ] as const) {
      const run = await cli([...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(reason);
    }

    const dry = await cli(['replay', '--filter', 'kind=permanent', '--dry-run', '--json', '--profile', 'main']);
    expect(JSON.parse(dry.stdout)).toEqual({ matched: 2, wouldReplay: 2, superseded: 0, byTopic: { [names.queueTopic]: 2 } });
    const text = await cli(['replay', '--key', 'cli:1', '--dry-run', '--profile', 'main']);
    expect(text.stdout).toContain(`1 pending records match; 1 would be replayed (nothing was done)`);

    for (const verb of [['replay', '--yes'], ['park', '--reason', 'r', '--yes']]) {
      const refused = await cli([...verb, '--json', '--profile', 'prod']);
      expect(refused.code, verb.join(' ')).toBe(4);
      expect(refused.stderr).toContain('read-only');
    }

    const parked = await cli(['park', '--filter', 'error=timeout', '--reason', 'flaky, handled by hand', '--yes', '--json', '--profile', 'main']);
    expect(parked.code, parked.stderr).toBe(0);
    expect(JSON.parse(parked.stdout)).toMatchObject({ replayed: 0, superseded: 0, parked: 1, failed: 0 });
    // Offset 1 was parked past the pending offset 0: the cursor stays, the ledger has it.
    expect(await cursorOf(admin, names)).toEqual([-1]);
    const replayed = await cli(['replay', '--yes', '--json', '--profile', 'main']);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ replayed: 2, parked: 0, failed: 0 });
    expect(await cursorOf(admin, names)).toEqual([3]);
    expect((await readTopic(kafka, admin, names.queueTopic, { count: 2 })).map((m) => m.key).sort()).toEqual(['cli:0', 'cli:2']);

    const actions = auditRecords(home.home).map((r) => [r.action, r.outcome]);
    expect(actions).toEqual([
      ['deadLetters.replay', 'refused'],
      ['deadLetters.park', 'refused'],
      ['deadLetters.park', 'ok'],
      ['deadLetters.replay', 'ok'],
    ]);
  });
});
