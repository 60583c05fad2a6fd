import { describe, expect, test } from 'vitest';
import { classifyDatabaseError, describeError } from '../../../demo/flusher/errorClassification';

const sql = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('database error classification', () => {
  test.each([
    ['40001', 'serialization_failure'],
    ['40P01', 'deadlock_detected'],
    ['55P03', 'lock_not_available'],
    ['57014', 'query_canceled'],
    ['53200', 'out_of_memory'],
    ['53100', 'disk_full'],
  ])('%s (%s) is transient, retried in place', (code) => {
    expect(classifyDatabaseError(sql(code))).toEqual({ kind: 'transient', connectionLost: false, code });
  });

  test.each([
    ['08006', 'connection_failure'],
    ['08003', 'connection_does_not_exist'],
    ['57P01', 'admin_shutdown'],
    ['57P03', 'cannot_connect_now'],
    ['53300', 'too_many_connections'],
  ])('%s (%s) is a lost connection', (code) => {
    expect(classifyDatabaseError(sql(code))).toEqual({ kind: 'transient', connectionLost: true, code });
  });

  test.each([
    ['23514', 'check_violation'],
    ['23505', 'unique_violation'],
    ['23502', 'not_null_violation'],
    ['22P02', 'invalid_text_representation'],
    ['22003', 'numeric_value_out_of_range'],
    ['42P01', 'undefined_table'],
    ['42703', 'undefined_column'],
  ])('%s (%s) is permanent', (code) => {
    expect(classifyDatabaseError(sql(code))).toEqual({ kind: 'permanent', connectionLost: false, code });
  });

  test('socket errors and node-postgres connection messages are lost connections', () => {
    expect(classifyDatabaseError(sql('ECONNREFUSED'))).toMatchObject({ kind: 'transient', connectionLost: true });
    expect(classifyDatabaseError(sql('ECONNRESET'))).toMatchObject({ connectionLost: true });
    expect(classifyDatabaseError(new Error('Connection terminated unexpectedly'))).toMatchObject({ kind: 'transient', connectionLost: true });
    expect(classifyDatabaseError(new Error('timeout exceeded when trying to connect'))).toMatchObject({ connectionLost: true });
  });

  test('an error without SQLSTATE is transient (bounded retries, then a replayable dead letter)', () => {
    expect(classifyDatabaseError(new TypeError('x is undefined'))).toEqual({ kind: 'transient', connectionLost: false });
    expect(classifyDatabaseError('weird')).toEqual({ kind: 'transient', connectionLost: false });
  });

  test('describeError prefixes the SQLSTATE and names the constraint', () => {
    const err = Object.assign(sql('23514', 'new row violates check constraint'), { constraint: 'products_price_cents_check' });
    expect(describeError(err)).toBe('23514: new row violates check constraint; constraint products_price_cents_check');
    expect(describeError(new Error('plain'))).toBe('plain');
  });
});
