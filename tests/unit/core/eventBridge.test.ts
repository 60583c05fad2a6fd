import { afterEach, expect, test, vi } from 'vitest';
import type { CoreEvent } from '../../../electron/main/core/core';
import { Emitter } from '../../../electron/main/core/lifecycle/emitter';
import { log, stderrSink } from '../../../electron/main/core/logging/logger';
import { bridgeEvents } from '../../../electron/main/frontEnds/eventBridge';

afterEach(() => {
  vi.useRealTimers();
});

const list = (activeId: string): CoreEvent => ({
  name: 'profiles.changed',
  payload: { activeId, profilesFile: '/p.json', profiles: [], warnings: [] },
});

test('bursts of one event are coalesced to the newest payload', () => {
  vi.useFakeTimers();
  const source = new Emitter<CoreEvent>();
  const sent: CoreEvent[] = [];
  const bridge = bridgeEvents(source.event, (e) => sent.push(e), 250);
  source.fire(list('a'));
  source.fire(list('b'));
  source.fire(list('c'));
  expect(sent).toEqual([]);
  vi.advanceTimersByTime(250);
  expect(sent).toEqual([list('c')]);
  void bridge.dispose();
  expect(source.listenerCount).toBe(0);
});

test('an event that breaks the contract never leaves the process', () => {
  vi.useFakeTimers();
  const errors: string[] = [];
  log.configure([{ threshold: 'error', timestamps: false, write: (line) => errors.push(line) }]);
  const source = new Emitter<CoreEvent>();
  const sent: CoreEvent[] = [];
  const bridge = bridgeEvents(source.event, (e) => sent.push(e), 250);
  source.fire({ name: 'profiles.changed', payload: { wrong: true } } as never);
  vi.advanceTimersByTime(250);
  expect(sent).toEqual([]);
  expect(errors).toEqual([expect.stringContaining('dropped a profiles.changed event')]);
  log.configure([stderrSink('warn')]);
  void bridge.dispose();
});
