import { deadLetterConfirmation } from '../../../../shared/confirmation';
import type { ParsedReplayTarget, ReplayResult } from '../../../../shared/contracts/replay';
import { AppError } from '../../../../shared/errors';
import { formatCount } from '../../../../shared/formatLag';
import { audited, recordRefusal, refuseIfReadOnly, requester, type ControlAction, type ControlScope } from '../controls/controlAudit';
import { parkJobKind, previewReplayJobKind, replayJobKind, runDeadLetterPass, type DeadLetterDependencies, type DeadLetterPass } from '../controls/replayDeadLetters';
import { replayPauseFromEnv } from '../controls/replayPause';
import type { JobContext } from '../jobs/jobRegistry';
import type { ProfileSession } from '../profiles/profileSession';
import type { CoreContext, Handlers } from '../rpc/handlers';

type ReplayMethod = 'deadLetters.previewReplay' | 'deadLetters.replay' | 'deadLetters.park';

/** What a target is, for titles. */
function describeTarget(target: ParsedReplayTarget): string {
  if (target.by === 'pending') return 'every pending dead letter';
  if (target.by === 'filter') return 'the pending dead letters the filter matches';
  const records = target.ranges.reduce((sum, r) => sum + (r.to - r.from + 1), 0);
  return `${formatCount(records)} selected offsets${target.filter ? ' the filter matches' : ''}`;
}

/** What the audit records of a target (the record shaping cuts long lists). */
function targetParameters(target: ParsedReplayTarget): Record<string, unknown> {
  if (target.by === 'pending') return { target: 'pending' };
  if (target.by === 'filter') return { target: 'filter', filter: target.filter };
  return { target: 'offsets', offsets: target.ranges.map((r) => `${r.partition}:${r.from}-${r.to}`), ...(target.filter ? { filter: target.filter } : {}) };
}

export function replayHandlers(ctx: CoreContext): Pick<Handlers, ReplayMethod> {
  const scopeOf = (session: ProfileSession): ControlScope => ({ profile: session.profile, audit: ctx.audit, frontEnd: ctx.frontEnd });
  const limitsOf = ({ profile }: ProfileSession) => ({ name: profile.name, environment: profile.environment, confirmAbove: profile.controls.confirmAbove });

  const depsOf = async (session: ProfileSession): Promise<DeadLetterDependencies> => ({
    kafka: await session.kafka.getKafka(),
    target: session.kafka.target,
    profile: session.profile,
    postgres: () => session.postgres.getPool(),
    requestedBy: requester(ctx.frontEnd),
    pause: replayPauseFromEnv(ctx.env, (line) => process.stderr.write(`${line}\n`)),
  });

  /**
   * Starts a replay or a park: refused on a read-only profile and, on a production one,
   * without the typed confirmation; otherwise an unconfirmed run counts the matches first
   * and refuses (producing nothing) above the profile's limit. One audit record, with the
   * offset ranges the job covered.
   */
  async function start(session: ProfileSession, action: 'replay' | 'park', target: ParsedReplayTarget, confirm: string | undefined, pass: DeadLetterPass, parameters: Record<string, unknown>) {
    const scope = scopeOf(session);
    const control: ControlAction = { action: action === 'replay' ? replayJobKind : parkJobKind, parameters: { ...targetParameters(target), ...parameters } };
    await refuseIfReadOnly(scope, control);
    // Both would read through the one cursor group and split the DLQ's partitions between them.
    const running = session.jobs.list().find((job) => job.state === 'running' && (job.kind === replayJobKind || job.kind === parkJobKind));
    if (running) await recordRefusal(scope, control, new AppError('BUSY', `"${running.title}" is still running on this profile (job ${running.id}): wait for it or cancel it`));
    const limits = limitsOf(session);
    const confirmed = confirm !== undefined && confirm === limits.name;
    const always = deadLetterConfirmation(limits, action, 0);
    if (always.required && !confirmed) await recordRefusal(scope, control, new AppError('CONFIRMATION_REQUIRED', `${always.reason} ("${always.text}")`));
    const deps = await depsOf(session);
    const title = `${action === 'replay' ? 'Replay' : 'Park'} ${describeTarget(target)}`;
    return session.jobs.start(control.action, title, (job: JobContext) =>
      audited(scope, control, job.signal, async () => {
        if (!confirmed) {
          job.progress({ message: `counting matches first: more than ${limits.confirmAbove} need the typed confirmation` });
          const counted = (await runDeadLetterPass(deps, target, { kind: 'count', limit: limits.confirmAbove }, job)) as ReplayResult;
          if (counted.matched > limits.confirmAbove) {
            const needed = deadLetterConfirmation(limits, action, counted.matched);
            throw new AppError('CONFIRMATION_REQUIRED', `more than ${limits.confirmAbove} records match: type "${needed.text}" to confirm (nothing was ${action === 'replay' ? 'replayed' : 'parked'})`, { matched: 0, replayed: 0, parked: 0 });
          }
        }
        try {
          const result = (await runDeadLetterPass(deps, target, pass, job)) as ReplayResult;
          control.parameters.ranges = result.ranges.map((r) => `${r.partition}:${r.from}-${r.to}`);
          return result;
        } catch (err) {
          const partial = err instanceof AppError ? (err.details as Partial<ReplayResult> | undefined) : undefined;
          if (partial?.ranges) control.parameters.ranges = partial.ranges.map((r) => `${r.partition}:${r.from}-${r.to}`);
          throw err;
        }
      }),
    );
  }

  return {
    'deadLetters.previewReplay': async ({ target, listLimit, checkConstraints, action }) => {
      const session = ctx.session();
      const limits = limitsOf(session);
      const deps = await depsOf(session);
      const title = `Dry run: ${action} ${describeTarget(target)}`;
      return session.jobs.start(previewReplayJobKind, title, (job) =>
        runDeadLetterPass(deps, target, { kind: 'preview', action, listLimit, checkConstraints, confirmation: (matched) => deadLetterConfirmation(limits, action, matched) }, job),
      );
    },
    'deadLetters.replay': async ({ target, confirm, ratePerSec, expected }) => {
      const session = ctx.session();
      return start(session, 'replay', target, confirm, { kind: 'replay', ratePerSec, expected }, { ratePerSec });
    },
    'deadLetters.park': async ({ target, reason, confirm, expected }) => {
      const session = ctx.session();
      return start(session, 'park', target, confirm, { kind: 'park', reason, expected }, { reason });
    },
  };
}
