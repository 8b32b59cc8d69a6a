/**
 * A part of the kiosk loaded when it is first needed (a dynamic `import()`), once. A venue network
 * drops a request now and then: a failed load is tried again after each of `retryDelaysMs`, and
 * when it still fails the promise rejects and the next `load()` starts over.
 */
export class Lazy<T> {
  private value: T | null = null;
  private pending: Promise<T> | null = null;

  constructor(
    private readonly importer: () => Promise<T>,
    private readonly retryDelaysMs: readonly number[] = [300, 1_000, 2_000],
  ) {}

  /** The module once it is loaded, else null. */
  get loaded(): T | null {
    return this.value;
  }

  load(): Promise<T> {
    if (this.value) return Promise.resolve(this.value);
    this.pending ??= this.attempt(0).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async attempt(failures: number): Promise<T> {
    try {
      this.value = await this.importer();
      return this.value;
    } catch (error) {
      const delay = this.retryDelaysMs[failures];
      if (delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return this.attempt(failures + 1);
    }
  }
}
