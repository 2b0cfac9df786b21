/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(
  p: Promise<unknown>,
): Promise<{ code?: string; message: string; retryable?: boolean }> {
  try {
    await p;
  } catch (error) {
    return error as { code?: string; message: string; retryable?: boolean };
  }
  throw new Error('expected a rejection, but the promise resolved');
}
