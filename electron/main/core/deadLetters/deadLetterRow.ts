import type { KafkaMessage } from 'kafkajs';
import type { DeadLetterRow } from '../../../../shared/contracts/deadLetters';
import { keyNameOf } from '../../../../shared/keyName';
import { deadLetterOrigin, type DeadLetterOrigin } from '../analysis/deadLetterHeaders';
import type { FilterableDeadLetter } from '../analysis/deadLetterFilter';
import { valueText } from '../analysis/valueText';

/** A row shows the start of the value: enough to recognise it in a list. */
const previewBytes = 160;

/** A DLQ record as the filter sees it, read once from the wire. */
export interface ReadDeadLetter extends FilterableDeadLetter {
  partition: number;
  offset: number;
  message: KafkaMessage;
}

export function readDeadLetter(partition: number, message: KafkaMessage): ReadDeadLetter {
  const timestamp = Number(message.timestamp);
  return {
    partition,
    offset: Number(message.offset),
    key: message.key ?? null,
    origin: deadLetterOrigin(message.headers ?? {}),
    timestamp: Number.isFinite(timestamp) ? timestamp : 0,
    message,
  };
}

/** When the write failed: the headers' time, else the DLQ record's. */
export function failedAtOf(letter: { origin: DeadLetterOrigin; timestamp: number }): number {
  return letter.origin.failedAt ?? letter.timestamp;
}

/** The row a list shows; the record's bytes are not kept beyond the preview. */
export function deadLetterRow(letter: ReadDeadLetter, pending: boolean): DeadLetterRow {
  const value = letter.message.value;
  return {
    partition: letter.partition,
    offset: letter.message.offset,
    timestamp: letter.timestamp,
    key: letter.key === null ? null : keyNameOf(letter.key),
    origin: letter.origin,
    pending,
    preview: value === null ? null : valueText(value.subarray(0, previewBytes), value.length, { textBytes: previewBytes, hexBytes: 32, hexLayout: 'pairs' }),
  };
}
