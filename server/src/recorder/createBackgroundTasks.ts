export interface BackgroundTasks {
  /** Runs `p` in the background; a rejection is reported, never thrown. */
  track(p: Promise<unknown>): void;
  /** Resolves once every tracked task (and any task those started) has settled. */
  drain(): Promise<void>;
}

/** Work the recorder starts and does not wait for (closing a failed file, a segment's compaction). */
export function createBackgroundTasks(onError: (error: unknown) => void): BackgroundTasks {
  const background = new Set<Promise<unknown>>();
  return {
    track(p) {
      const done = p.catch(onError);
      background.add(done);
      void done.finally(() => background.delete(done));
    },
    async drain() {
      while (background.size > 0) await Promise.all([...background]);
    },
  };
}
