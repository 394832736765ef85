import { describe, expect, it } from 'vitest';
import { AppError, call, toAppError } from '../../src/api/errors';

const json = JSON.stringify({ code: 'invalid_input', message: 'items must be between 1 and 10000, got 0', retryable: false });

describe('toAppError', () => {
  it('parses the JSON string Wails wraps in new Error(...)', () => {
    const e = toAppError(new Error(json));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('items must be between 1 and 10000, got 0');
    expect(e.retryable).toBe(false);
  });

  it('parses a bare JSON string (older Wails)', () => {
    const e = toAppError(JSON.stringify({ code: 'internal', message: 'boom', retryable: true }));
    expect(e.code).toBe('internal');
    expect(e.retryable).toBe(true);
  });

  it('keeps plain text as an internal error', () => {
    const e = toAppError('network down');
    expect(e.code).toBe('internal');
    expect(e.message).toBe('network down');
  });

  it('turns a code this build does not know into internal', () => {
    expect(toAppError(JSON.stringify({ code: 'from_the_future', message: 'x' })).code).toBe('internal');
    expect(toAppError(JSON.stringify({ code: 'offline', message: 'x' })).code).toBe('offline');
  });

  it('handles objects and unknown values', () => {
    expect(toAppError({ code: 'not_found', message: 'no such job' }).code).toBe('not_found');
    expect(toAppError(undefined).message).toBe('Something went wrong.');
    const same = new AppError('cancelled', 'cancelled');
    expect(toAppError(same)).toBe(same);
  });
});

describe('call', () => {
  it('rethrows a rejected binding as AppError', async () => {
    await expect(call(() => Promise.reject(new Error(json)))).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('passes values through', async () => {
    await expect(call(() => Promise.resolve(42))).resolves.toBe(42);
  });
});
