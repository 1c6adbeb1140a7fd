export interface RecordingLocks {
  /** One file operation at a time per recording (finish, compact, append, delete). */
  withLock<T>(id: string, f: () => Promise<T>): Promise<T>;
  /** Resolves once every operation queued so far has settled. */
  settled(): Promise<void>;
}

/** Per-recording queues of file operations: each runs after the previous one settled, failed or not. */
export function createRecordingLocks(): RecordingLocks {
  const locks = new Map<string, Promise<unknown>>();
  return {
    withLock<T>(id: string, f: () => Promise<T>): Promise<T> {
      const prev = locks.get(id) ?? Promise.resolve();
      const next = prev.then(f, f);
      const settled = next.catch(() => {});
      locks.set(id, settled);
      void settled.then(() => {
        if (locks.get(id) === settled) locks.delete(id);
      });
      return next;
    },
    async settled() {
      await Promise.all([...locks.values()]);
    },
  };
}
