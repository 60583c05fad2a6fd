import { z } from 'zod';
import { AppErrorDataSchema } from './errors';
import { EnvironmentSchema } from './profile';
import { NoInputSchema } from './contracts/common';
import { jobEvents, jobMethods } from './contracts/jobs';
import { keysMethods } from './contracts/keys';
import { investigateMethods } from './contracts/investigate';
import { keysAnalysisEvents, keysAnalysisMethods } from './contracts/keysAnalysis';
import { controlsMethods } from './contracts/controls';
import { auditMethods } from './contracts/audit';
import { deadLettersMethods } from './contracts/deadLetters';
import { replayMethods } from './contracts/replay';
import { statsEvents, statsMethods } from './contracts/stats';
import { writeBehindEvents, writeBehindMethods } from './contracts/writeBehind';
import { timelineEvents, timelineMethods } from './contracts/timeline';

/**
 * The one typed contract between the core and its front ends (Electron IPC, serve
 * mode's WebSocket, the CLI). Every method is `domain.verb` with zod schemas for input
 * and output; every event has a payload schema. Types are inferred from the schemas.
 */

export const ServiceNameSchema = z.enum(['redis', 'postgres', 'kafka']);
export type ServiceName = z.infer<typeof ServiceNameSchema>;
export const serviceNames = ServiceNameSchema.options;

export const ServiceHealthSchema = z.object({
  service: ServiceNameSchema,
  /** What we connect to, without secrets (e.g. `redis://127.0.0.1:6379`). */
  target: z.string(),
  state: z.enum(['unknown', 'ok', 'down']),
  ok: z.boolean(),
  latencyMs: z.number().nonnegative().nullable(),
  version: z.string().nullable(),
  /** One short line of what else is known, e.g. `standalone`, `3 brokers`. */
  detail: z.string().nullable(),
  error: AppErrorDataSchema.nullable(),
  /** When the last check finished, and when the service last answered. */
  checkedAt: z.number().nullable(),
  lastOkAt: z.number().nullable(),
  /** When the next check is due; grows with backoff while the service is down. */
  nextCheckAt: z.number().nullable(),
});
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

export const HealthReportSchema = z.object({
  profileId: z.string(),
  redis: ServiceHealthSchema,
  postgres: ServiceHealthSchema,
  kafka: ServiceHealthSchema,
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

export const ProfileSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  redisTarget: z.string(),
  postgresTarget: z.string(),
  kafkaTarget: z.string(),
  environment: EnvironmentSchema,
  /** Controls are refused (the profile says so, or it is a production profile). */
  readOnly: z.boolean(),
  /** Invalidations above this many keys need the typed confirmation. */
  confirmAbove: z.number().int().nonnegative(),
});
export type ProfileSummary = z.infer<typeof ProfileSummarySchema>;

export const ProfileListSchema = z.object({
  activeId: z.string(),
  profiles: z.array(ProfileSummarySchema),
  /** Where extra profiles are read from, so the UI can tell the user. */
  profilesFile: z.string(),
  /** Problems with the user's setup to show until fixed, e.g. a profiles file others can read. */
  warnings: z.array(z.string()),
});
export type ProfileList = z.infer<typeof ProfileListSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  frontEnd: z.enum(['desktop', 'serve', 'cli']),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

const NoInput = NoInputSchema;

export const coreMethods = {
  'app.info': { input: NoInput, output: AppInfoSchema },
  'health.check': {
    input: z.object({ fresh: z.boolean().default(false) }).strict().default({ fresh: false }),
    output: HealthReportSchema,
  },
  'profiles.list': { input: NoInput, output: ProfileListSchema },
  'profiles.select': {
    input: z.object({ id: z.string().min(1) }).strict(),
    output: ProfileListSchema,
  },
} as const;

export const coreEvents = {
  'health.changed': HealthReportSchema,
  'profiles.changed': ProfileListSchema,
} as const;

/** Every method and event; each domain keeps its schemas in shared/contracts/<domain>.ts. */
export const methods = {
  ...coreMethods,
  ...jobMethods,
  ...statsMethods,
  ...writeBehindMethods,
  ...keysAnalysisMethods,
  ...keysMethods,
  ...investigateMethods,
  ...controlsMethods,
  ...auditMethods,
  ...deadLettersMethods,
  ...timelineMethods,
  ...replayMethods,
} as const;
export const events = {
  ...coreEvents,
  ...jobEvents,
  ...statsEvents,
  ...writeBehindEvents,
  ...keysAnalysisEvents,
  ...timelineEvents,
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/**
 * An event as a receiver may trust it: `name` is `wanted` and the payload matches its schema,
 * or null. Whatever arrives (any name, any payload), it never throws.
 */
export function parseEvent<E extends EventName>(wanted: E, name: unknown, payload: unknown): EventPayload<E> | null {
  if (name !== wanted || !isEventName(wanted)) return null;
  const parsed = events[wanted].safeParse(payload);
  return parsed.success ? (parsed.data as EventPayload<E>) : null;
}

/** What every front end offers the renderer: the same shape over IPC and WebSocket. */
export interface CacheScopeApi {
  invoke<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
