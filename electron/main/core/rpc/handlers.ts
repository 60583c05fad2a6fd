import type { EventName, EventPayload, MethodName, MethodOutput, MethodParsedInput } from '../../../../shared/contract';
import type { AppInfo } from '../../../../shared/contract';
import type { Profile } from '../../../../shared/profile';
import type { AuditLog } from '../audit/auditLog';
import type { ProfileSession } from '../profiles/profileSession';

export type Handler<M extends MethodName> = (input: MethodParsedInput<M>) => Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

/** What a domain's handlers may use of the core; nothing else reaches them. */
export interface CoreContext {
  readonly frontEnd: AppInfo['frontEnd'];
  readonly profilesFile: string;
  /** Setup problems the user should fix (see `profiles.list`). */
  readonly warnings: readonly string[];
  /** Every control appends its record here (controls/controlAudit.ts). */
  readonly audit: AuditLog;
  /** The process environment the core was created with (crash-test hooks read it). */
  readonly env: NodeJS.ProcessEnv;
  session(): ProfileSession;
  profiles(): readonly Profile[];
  selectProfile(id: string): Promise<void>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}
