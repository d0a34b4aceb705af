/** A problem with how logveil was called (exit status 2); its message says how to fix the call. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
