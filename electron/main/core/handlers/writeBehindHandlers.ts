import { AppError } from '../../../../shared/errors';
import { audited, refuseIfReadOnly, requester } from '../controls/controlAudit';
import { flushJobKind, flushWriteBehind } from '../controls/flushWriteBehind';
import type { CoreContext, Handlers } from '../rpc/handlers';

type WriteBehindMethod = 'writeBehind.lag' | 'writeBehind.history' | 'writeBehind.events' | 'writeBehind.flush';

export function writeBehindHandlers(ctx: CoreContext): Pick<Handlers, WriteBehindMethod> {
  return {
    'writeBehind.lag': async ({ group, topic, fresh }) => {
      const sampler = ctx.session().queueLag;
      if (group === undefined && topic === undefined) {
        if (fresh) return sampler.refreshSettled();
        sampler.start();
        return sampler.latest() ?? sampler.refresh();
      }
      const report = await sampler.sampleOnce(await sampler.resolve({ group, topic }));
      // What was asked for by name must exist: no half answer.
      const issue = report.issues[0];
      if (issue) throw AppError.fromData(issue.error);
      return report;
    },
    'writeBehind.history': async () => {
      const sampler = ctx.session().queueLag;
      sampler.start();
      return { points: sampler.history() };
    },
    'writeBehind.events': async ({ limit }) => ({ events: ctx.session().queueLag.statusChanges(limit) }),
    'writeBehind.flush': async (input) => {
      const session = ctx.session();
      const scope = { profile: session.profile, audit: ctx.audit, frontEnd: ctx.frontEnd };
      const control = { action: flushJobKind, parameters: { ...input } };
      await refuseIfReadOnly(scope, control);
      // A second click while one runs joins it instead of flushing twice.
      const running = session.jobs.list().find((job) => job.kind === flushJobKind && job.state === 'running');
      if (running) return running;
      const { queueTopic, flusherGroup } = session.profile.writeBehind;
      let jobId = '';
      const job = session.jobs.start(flushJobKind, `Flush ${queueTopic} and wait for ${flusherGroup} to persist it`, (progress) =>
        audited(scope, control, progress.signal, async () =>
          flushWriteBehind(
            {
              scope,
              kafka: await session.kafka.getKafka(),
              target: session.kafka.target,
              conventions: session.profile.writeBehind,
              requestedBy: requester(ctx.frontEnd),
              onAck: (ack, requestId) => ctx.emit('writeBehind.flushAck', { ...ack, id: `${jobId}:${ack.worker}`, jobId, requestId }),
            },
            input,
            progress,
          ),
        ),
      );
      jobId = job.id;
      return job;
    },
  };
}
