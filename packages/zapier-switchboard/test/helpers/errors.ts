export interface Failure {
  name: string;
  message: string;
  code?: string;
  status?: number;
}

/**
 * How a call failed. `z.errors.Error` serializes `{message, code, status}` as JSON into its
 * message (zapier-platform-core); this unwraps it so tests can read each part.
 */
export async function failureOf(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (err) {
    if (!(err instanceof Error)) throw new Error(`rejected with a non-Error: ${String(err)}`);
    try {
      const parsed = JSON.parse(err.message) as { message?: unknown; code?: unknown; status?: unknown };
      if (typeof parsed.message === 'string') {
        return {
          name: err.name,
          message: parsed.message,
          ...(typeof parsed.code === 'string' ? { code: parsed.code } : {}),
          ...(typeof parsed.status === 'number' ? { status: parsed.status } : {}),
        };
      }
    } catch {
      // a plain message
    }
    // Core appends "What happened: … bundle …" to errors it did not create itself.
    return { name: err.name, message: err.message.split('\nWhat happened:')[0] ?? err.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
