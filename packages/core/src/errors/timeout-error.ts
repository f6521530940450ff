/** One upstream attempt ran past its time limit (the per-attempt timeout). */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`Upstream did not answer within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}
