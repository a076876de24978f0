import type pg from 'pg';

/**
 * Runs `work` only if this process gets PostgreSQL's session advisory lock `name` right now,
 * else resolves `{ ran: false }` at once. Scheduled work (retention clean-up, the delivery
 * sweeper) runs in every relay process; the lock makes one of them do it per round, whichever
 * asks first, and a process that dies mid-round releases it with its connection.
 *
 * The key is a 64-bit hash of `name` computed by PostgreSQL (`hashtextextended`), so names are
 * readable in code and in `pg_locks` via the same expression.
 */
export async function withTryAdvisoryLock<T>(pool: pg.Pool, name: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const client = await pool.connect();
  let locked = false;
  try {
    const res = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [`switchboard:${name}`]);
    locked = res.rows[0]?.locked === true;
    if (!locked) return { ran: false };
    return { ran: true, value: await work() };
  } finally {
    if (locked) {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`switchboard:${name}`]).catch(() => undefined);
    }
    client.release();
  }
}
