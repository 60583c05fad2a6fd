import { events, isEventName } from '../../../shared/contract';
import type { CoreEvent } from '../core/core';
import type { Disposable } from '../core/lifecycle/disposable';
import { log } from '../core/logging/logger';

/** Events about one identified thing (a job) coalesce per thing, others per name. */
function coalesceKey({ name, payload }: CoreEvent): string {
  const id = typeof payload === 'object' && payload !== null && 'id' in payload ? payload.id : undefined;
  return typeof id === 'string' ? `${name}:${id}` : name;
}

/**
 * Forwards core events to one front-end client, at most one of each event name per
 * `intervalMs`: live data is coalesced so no view repaints more than a few times a
 * second, and the newest payload always wins.
 */
export function bridgeEvents(
  onEvent: (listener: (event: CoreEvent) => void) => Disposable,
  send: (event: CoreEvent) => void,
  intervalMs = 250,
): Disposable {
  const pending = new Map<string, CoreEvent>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const batch = [...pending.values()];
    pending.clear();
    for (const event of batch) send(event);
  };
  const subscription = onEvent((event) => {
    if (!isEventName(event.name)) return;
    // Validate before anything leaves the process, as every boundary does.
    const checked = events[event.name].safeParse(event.payload);
    if (!checked.success) {
      log.error(`dropped a ${event.name} event that breaks the contract: ${checked.error.message}`);
      return;
    }
    pending.set(coalesceKey(event), event);
    timer ??= setTimeout(flush, intervalMs);
  });
  return {
    dispose: () => {
      clearTimeout(timer);
      pending.clear();
      return subscription.dispose();
    },
  };
}
