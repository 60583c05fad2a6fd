import { expect, test } from 'vitest';
import { settle, type Settled } from '../../../electron/main/core/analysis/settle';

const policy = { dwellMs: 5_000, dwellSamples: 3 };

function run(observations: Array<[at: number, value: string, immediate?: boolean]>): string[] {
  let state: Settled<string> | undefined;
  return observations.map(([at, value, immediate = false]) => (state = settle(state, value, at, immediate, policy)).value);
}

test('a new value is reported once it held for the dwell and enough samples', () => {
  expect(run([[0, 'OK'], [1_000, 'WARN'], [3_000, 'WARN'], [6_000, 'WARN']])).toEqual(['OK', 'OK', 'OK', 'WARN']);
  // Long enough but too few samples.
  expect(run([[0, 'OK'], [1_000, 'WARN'], [7_000, 'WARN']])).toEqual(['OK', 'OK', 'OK']);
});

test('going back to the reported value resets the wait', () => {
  expect(run([[0, 'OK'], [1_000, 'WARN'], [2_000, 'OK'], [3_000, 'WARN'], [5_000, 'WARN'], [7_000, 'WARN'], [8_000, 'WARN']])).toEqual([
    'OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'WARN',
  ]);
});

test('an immediate change does not wait; a revision of the same sample is not another sample', () => {
  expect(run([[0, 'OK'], [1_000, 'STALL', true]])).toEqual(['OK', 'STALL']);
  expect(run([[0, 'OK'], [1_000, 'WARN'], [1_000, 'WARN'], [1_000, 'WARN'], [6_000, 'WARN']])).toEqual(['OK', 'OK', 'OK', 'OK', 'OK']);
});
