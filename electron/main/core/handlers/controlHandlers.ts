import { flushConfirmation, invalidateConfirmation } from '../../../../shared/confirmation';
import type { ParsedInvalidateTarget } from '../../../../shared/contracts/controls';
import type { JobSnapshot } from '../../../../shared/contracts/jobs';
import { AppError } from '../../../../shared/errors';
import { displayKeyName, keyNameFromText } from '../../../../shared/keyName';
import { escapeGlob } from '../analysis/escapeGlob';
import { audited, recordRefusal, refuseIfReadOnly, requester, type ControlAction, type ControlScope } from '../controls/controlAudit';
import { flushDatabase, flushDbJobKind } from '../controls/flushDatabase';
import { invalidateJobKind, invalidateKeys, type InvalidateDependencies } from '../controls/invalidateKeys';
import { scanBatches, targetPattern } from '../controls/matchingKeys';
import { previewInvalidate, previewJobKind } from '../controls/previewInvalidate';
import type { JobContext } from '../jobs/jobRegistry';
import { masterNodes } from '../keys/keyNodes';
import type { ProfileSession } from '../profiles/profileSession';
import type { CoreContext, Handlers } from '../rpc/handlers';

type ControlMethod = 'controls.previewInvalidate' | 'controls.invalidate' | 'controls.flushCache';

/** The pattern as the person typed it (or its escaped form when given as hex); null for named keys. */
function patternText(target: ParsedInvalidateTarget): string | null {
  if (target.by === 'keys') return null;
  return target.hex ? displayKeyName(targetPattern(target)) : target.pattern;
}

/** What the audit records of a target: the pattern, or the keys (cut to the first few by the record shaping). */
function targetParameters(target: ParsedInvalidateTarget): Record<string, unknown> {
  if (target.by === 'pattern') return { pattern: patternText(target), ...(target.hex ? { patternHex: target.pattern } : {}) };
  return { keyCount: new Set(target.keys).size, keys: target.keys.slice(0, 20).map((hex) => displayKeyName(Buffer.from(hex, 'hex'))) };
}

/** Counts what SCAN returns for `pattern`, stopping once past `limit`: the check of an unconfirmed pattern. */
async function countUpTo(deps: InvalidateDependencies, pattern: Buffer, limit: number, job: JobContext): Promise<number> {
  const stop = new AbortController();
  const abort = () => stop.abort();
  job.signal.addEventListener('abort', abort, { once: true });
  let counted = 0;
  try {
    for await (const batch of scanBatches(deps.masters, pattern, stop.signal)) {
      counted += batch.keys.length;
      if (counted > limit) stop.abort();
    }
  } finally {
    job.signal.removeEventListener('abort', abort);
  }
  return counted;
}

export function controlHandlers(ctx: CoreContext): Pick<Handlers, ControlMethod> {
  const scopeOf = (session: ProfileSession): ControlScope => ({ profile: session.profile, audit: ctx.audit, frontEnd: ctx.frontEnd });

  async function redisDeps(session: ProfileSession): Promise<InvalidateDependencies> {
    const { profile, redis } = session;
    try {
      const client = await redis.getClient();
      return {
        client,
        masters: masterNodes(client, profile.redis, redis.target),
        broadcastChannel: profile.controls.broadcastChannel,
        requestedBy: requester(ctx.frontEnd),
        explainFailure: (err) => redis.explainFailure(err),
      };
    } catch (err) {
      throw err instanceof AppError ? err : redis.explainFailure(err);
    }
  }

  async function invalidate(
    session: ProfileSession, control: ControlAction, target: ParsedInvalidateTarget, options: { confirm?: string | undefined; reportFile?: string | undefined; batchSize: number; expected?: number | undefined }, title: string, confirmationText: string | null): Promise<JobSnapshot> {
    const scope = scopeOf(session);
    await refuseIfReadOnly(scope, control);
    const { profile } = session;
    const limits = { name: profile.name, environment: profile.environment, confirmAbove: profile.controls.confirmAbove };
    const confirmedBy = (text: string) => options.confirm !== undefined && options.confirm === text;
    if (confirmationText !== null && !confirmedBy(confirmationText)) {
      await recordRefusal(scope, control, new AppError('CONFIRMATION_REQUIRED', `${control.action} needs confirmation: type "${confirmationText}"`));
    }
    if (target.by === 'keys') {
      const confirmation = invalidateConfirmation(limits, null, new Set(target.keys).size);
      if (confirmation.required && !confirmedBy(confirmation.text)) await recordRefusal(scope, control, new AppError('CONFIRMATION_REQUIRED', confirmation.reason));
    }
    const deps = await redisDeps(session);
    return session.jobs.start(invalidateJobKind, title, (job) =>
      audited(scope, control, job.signal, async () => {
        if (target.by === 'pattern' && confirmationText === null) {
          const confirmation = invalidateConfirmation(limits, patternText(target), limits.confirmAbove + 1);
          if (!confirmedBy(confirmation.text)) {
            job.progress({ message: `counting matches first: more than ${limits.confirmAbove} need the typed confirmation` });
            const counted = await countUpTo(deps, targetPattern(target), limits.confirmAbove, job);
            if (counted > limits.confirmAbove) {
              throw new AppError('CONFIRMATION_REQUIRED', `more than ${limits.confirmAbove} keys match: type "${confirmation.text}" to confirm (nothing was deleted)`, { matched: 0, deleted: 0 });
            }
          }
        }
        return invalidateKeys(deps, { target, batchSize: options.batchSize, reportFile: options.reportFile, expected: options.expected }, job);
      }),
    );
  }

  return {
    'controls.previewInvalidate': async ({ target, sampleSize, pendingLimit }) => {
      const session = ctx.session();
      const deps = await redisDeps(session);
      const what = target.by === 'pattern' ? patternText(target)! : `${new Set(target.keys).size} keys`;
      return session.jobs.start(previewJobKind, `Preview invalidating ${what}`, async (job) =>
        previewInvalidate({ client: deps.client, masters: deps.masters, profile: session.profile, kafka: await session.kafka.getKafka(), kafkaTarget: session.kafka.target }, { target, sampleSize, pendingLimit }, job),
      );
    },
    'controls.invalidate': async ({ target, confirm, reportFile, batchSize, expected }) => {
      const session = ctx.session();
      const control = { action: invalidateJobKind, parameters: { ...targetParameters(target), reportFile, batchSize } };
      const what = target.by === 'pattern' ? patternText(target)! : `${new Set(target.keys).size} keys`;
      return invalidate(session, control, target, { confirm, reportFile, batchSize, expected }, `Invalidate ${what}`, null);
    },
    'controls.flushCache': async (input) => {
      const session = ctx.session();
      const confirmation = flushConfirmation(session.profile);
      if (input.scope === 'namespace') {
        const delimiter = session.profile.controls.namespaceDelimiter;
        const pattern = Buffer.concat([Buffer.from(escapeGlob(keyNameFromText(`${input.namespace}${delimiter}`))), Buffer.from('*')]);
        const target: ParsedInvalidateTarget = { by: 'pattern', pattern: pattern.toString('hex'), hex: true };
        const control = { action: 'cache.flushNamespace', parameters: { namespace: input.namespace, pattern: displayKeyName(pattern), reportFile: input.reportFile } };
        return invalidate(session, control, target, { confirm: input.confirm, reportFile: input.reportFile, batchSize: 500 }, `Flush namespace ${input.namespace}`, confirmation.text);
      }
      const control = { action: flushDbJobKind, parameters: {} };
      const scope = scopeOf(session);
      await refuseIfReadOnly(scope, control);
      if (input.confirm !== confirmation.text) await recordRefusal(scope, control, new AppError('CONFIRMATION_REQUIRED', `${confirmation.reason} ("${confirmation.text}")`));
      const deps = await redisDeps(session);
      return session.jobs.start(flushDbJobKind, 'Flush the database (FLUSHDB ASYNC on every master)', (job) =>
        audited(scope, control, job.signal, () => flushDatabase(deps.masters, deps.explainFailure, job)),
      );
    },
  };
}
