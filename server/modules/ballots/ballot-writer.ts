import { ApiError } from '../../../shared/errors.ts';
import { isStorageError, type Db } from '../../db/database.ts';
import { afterCommit, inOpenTransaction, inTransaction } from '../../db/transaction.ts';

/** One unit of work on the ballot path: validated before it is queued. */
export interface WriteJob {
  /** Writes the rows; runs inside a savepoint of the batch transaction. */
  write(): void;
  /** After the batch committed: update memory, then acknowledge. */
  committed(): void;
  /** The job was not stored (nothing of it is in the database). */
  failed(err: ApiError): void;
}

/**
 * Group commit. Jobs that arrive while the event loop is busy (for instance with the previous
 * commit, which blocks it) are written together in the next transaction and acknowledged only
 * after it committed (each job queues its `committed` with `afterCommit`). Each job has its own
 * savepoint, so one bad job never fails the others; a storage failure (disk full, read-only) fails
 * the whole batch and nothing of it is acknowledged.
 */
export class BallotWriter {
  private queue: WriteJob[] = [];
  private scheduled = false;
  /** Figures for the benchmark: how many commits, how many jobs they carried, how long they took (ms). */
  readonly stats = { commits: 0, jobs: 0, maxBatch: 0, commitMs: 0, maxCommitMs: 0 };
  private readonly commitListeners = new Set<(stored: number) => void>();

  constructor(private readonly db: Db) {}

  /** Called after every commit with the number of jobs it stored (GET /metrics); returns the unsubscribe. */
  onCommit(listener: (stored: number) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  get pending(): number {
    return this.queue.length;
  }

  submit(job: WriteJob): void {
    this.queue.push(job);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes everything queued now, synchronously (before a round closes or is cancelled). */
  flush(): void {
    this.scheduled = false;
    // Inside another transaction the jobs' acknowledgements would wait for a commit that may never
    // come, and a rollback would leave them unanswered: the writer always commits on its own.
    if (this.queue.length > 0 && inOpenTransaction(this.db)) throw new Error('BallotWriter.flush inside a transaction');
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const errors = new Map<WriteJob, unknown>();
      const started = performance.now();
      let committed = false;
      try {
        inTransaction(this.db, () => {
          // Queued first, so it runs first after the commit: the time of the transaction alone.
          afterCommit(this.db, () => {
            committed = true;
            this.record(batch.length, batch.length - errors.size, performance.now() - started);
          });
          for (const job of batch) {
            try {
              inTransaction(this.db, () => {
                job.write();
                afterCommit(this.db, () => job.committed());
              });
            } catch (err) {
              if (isStorageError(err)) throw err;
              errors.set(job, err);
            }
          }
        });
      } catch (err) {
        // An acknowledgement that throws after the commit is a bug, not a failed write.
        if (committed) throw err;
        const apiErr = isStorageError(err) ? new ApiError('storage_unavailable') : new ApiError('internal');
        for (const job of batch) job.failed(apiErr);
        continue;
      }
      for (const [job, err] of errors) job.failed(err instanceof ApiError ? err : new ApiError('internal'));
    }
  }

  private record(jobs: number, stored: number, took: number): void {
    for (const listener of this.commitListeners) listener(stored);
    this.stats.commitMs += took;
    this.stats.maxCommitMs = Math.max(this.stats.maxCommitMs, took);
    this.stats.commits++;
    this.stats.jobs += jobs;
    this.stats.maxBatch = Math.max(this.stats.maxBatch, jobs);
  }
}
