// One error type for everything that comes back from Go. The Go side
// (app/errors.go) encodes errors as a JSON string; Wails ≥ 2.13 wraps that
// string in `new Error(...)`, older versions reject with the bare string.

// Every code app/errors.go defines (TestErrorCodesMatchTheFrontend keeps
// the two lists equal). A code this build does not know becomes 'internal'.
export const errorCodes = [
  'invalid_input',
  'not_found',
  'cancelled',
  'offline',
  'no_api_key',
  'bad_api_key',
  'keychain_unavailable',
  'directory_refused',
  'busy',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

function asCode(v: unknown): ErrorCode {
  const s = String(v);
  return (errorCodes as readonly string[]).includes(s) ? (s as ErrorCode) : 'internal';
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, retryable = false) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.retryable = retryable;
  }
}

function fromJSON(text: string): AppError | null {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && 'code' in v && 'message' in v) {
      const o = v as { code: unknown; message: unknown; retryable?: unknown };
      return new AppError(asCode(o.code), String(o.message), o.retryable === true);
    }
  } catch {
    // not JSON: fall through
  }
  return null;
}

/** toAppError turns any rejection (string, Error, JSON text, object) into an AppError. */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (typeof reason === 'string') return fromJSON(reason) ?? new AppError('internal', reason);
  if (reason instanceof Error) return fromJSON(reason.message) ?? new AppError('internal', reason.message);
  if (reason && typeof reason === 'object' && 'code' in reason && 'message' in reason) {
    const o = reason as { code: unknown; message: unknown; retryable?: unknown };
    return new AppError(asCode(o.code), String(o.message), o.retryable === true);
  }
  return new AppError('internal', 'Something went wrong.');
}

/** call runs a binding and rethrows its failure as an AppError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAppError(e);
  }
}
