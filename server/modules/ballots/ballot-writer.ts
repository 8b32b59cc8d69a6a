import { ApiError } from '../../../shared/errors.ts';
import type { Transaction } from 'better-sqlite3';
import { isStorageError, type Db } from '../../db/database.ts';

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
 * after it committed. Each job has its own savepoint, so one bad job never fails the others; a
 * storage failure (disk full, read-only) fails the whole batch and nothing of it is acknowledged.
 */
export class BallotWriter {
  private queue: WriteJob[] = [];
  private scheduled = false;
  private readonly writeOne: (job: WriteJob) => void;
  private readonly writeBatch: Transaction<(jobs: WriteJob[]) => Map<WriteJob, unknown>>;
  /** Figures for the benchmark: how many commits, how many jobs they carried, how long they took (ms). */
  readonly stats = { commits: 0, jobs: 0, maxBatch: 0, commitMs: 0, maxCommitMs: 0 };

  constructor(db: Db) {
    this.writeOne = db.transaction((job: WriteJob) => job.write());
    this.writeBatch = db.transaction((jobs: WriteJob[]) => {
      const errors = new Map<WriteJob, unknown>();
      for (const job of jobs) {
        try {
          this.writeOne(job); // nested: a savepoint
        } catch (err) {
          if (isStorageError(err)) throw err;
          errors.set(job, err);
        }
      }
      return errors;
    });
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
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      let errors: Map<WriteJob, unknown>;
      const started = performance.now();
      try {
        errors = this.writeBatch.immediate(batch);
      } catch (err) {
        const apiErr = isStorageError(err) ? new ApiError('storage_unavailable') : new ApiError('internal');
        for (const job of batch) job.failed(apiErr);
        continue;
      }
      const took = performance.now() - started;
      this.stats.commitMs += took;
      this.stats.maxCommitMs = Math.max(this.stats.maxCommitMs, took);
      this.stats.commits++;
      this.stats.jobs += batch.length;
      this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
      for (const job of batch) {
        const err = errors.get(job);
        if (err === undefined) {
          job.committed();
        } else {
          job.failed(err instanceof ApiError ? err : new ApiError('internal'));
        }
      }
    }
  }
}
