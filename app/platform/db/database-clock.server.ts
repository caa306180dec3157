import type { Db } from "./database.server.ts";

export interface DatabaseClock {
  /** The database server's time, read from this process's clock plus the last measured offset. */
  now: () => Date;
  /** Measures the offset again (one query); returns it in milliseconds (database minus local). */
  sync: () => Promise<number>;
}

/**
 * The clock every instance agrees on: the database's (docs/decisions/007). Leases, retries and
 * link expiry compare times written by one instance with times read by another, so they must
 * not depend on each instance's own clock being right. The offset is measured with one query,
 * halving its round trip, and `now()` stays synchronous.
 */
export function createDatabaseClock(db: Db, localNow: () => number = Date.now): DatabaseClock {
  let offsetMs = 0;
  return {
    now: () => new Date(localNow() + offsetMs),
    async sync() {
      const sent = localNow();
      const [row] = await db.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS "now"`;
      const received = localNow();
      offsetMs = row!.now.getTime() - (sent + received) / 2;
      return offsetMs;
    },
  };
}
