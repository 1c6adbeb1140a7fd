// Failure records shared by the hall model's cache (buildFleetModel), the code that draws them
// (slotFailures) and the code that reads them (activeFailures): kept apart so those import this and not
// each other.

/** One GPU failure as the model sees it (times in whole seconds since epoch). */
export interface RawFailure {
  tS: number;
  /** Index into FAILURE_CAUSES. */
  cause: number;
  rack: number;
  /** The GPU is back in service at this second (exclusive end of the failed interval). */
  repairedS: number;
  /** 0 when the failure does not hit the training job; otherwise the second the restart is over. */
  restartEndS: number;
}

/** Unrepaired GPUs of a hall at one second, and how far a job restart pulls training down (0–1). */
export interface ActiveFailures {
  /** Racks holding failed GPUs, ascending and unique. */
  racks: number[];
  /** Failed GPUs in each of those racks (never more than the rack holds). */
  counts: number[];
  failed: number;
  restart: number;
}
