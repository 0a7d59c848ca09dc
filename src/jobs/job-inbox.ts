/**
 * Each key's inbox in Redis: the job data of every trigger not yet served, filed under the
 * trigger's id, so the one run of a key can merge all of them and nothing is lost or counted twice.
 *
 * Why an inbox beside BullMQ's job: BullMQ keeps one job per key (a deduplication id), but it
 * can keep only one payload, and replacing the payload of a waiting job (`updateData`) races a
 * worker taking that job (the worker may already hold the old data). So the BullMQ job is only
 * the "run this key" token; the reasons live here, written atomically with the delivery check,
 * read when the run starts and deleted, entry by entry, only once the run has succeeded. A run
 * that crashes, fails or is taken over by another replica leaves them for the next attempt.
 *
 * Keys (one hash tag per job key, so a Redis Cluster keeps them in one slot):
 * `<prefix>:inbox:{key}` hash id → "seq json", `<prefix>:seq:{key}` order of arrival,
 * `<prefix>:seen:{key}:id` a trigger id already accepted (expires), `<prefix>:since:{key}` when
 * the oldest entry arrived (epoch ms).
 *
 * Owns: `createJobInbox`. May import: ioredis, jobs ports. Must not: decide what a job means
 * (merging is the `MergeJobs` it is given), or run anything.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { JobData, MergeJobs } from './ports.js';

/** How long a trigger id is remembered: a redelivery within this time is recognised. @default 24 h */
export const SEEN_TTL_MS = 24 * 3_600_000;

/** Most entries read for one run; past it the oldest are merged first, the rest wait for the next run. */
const MAX_ENTRIES = 500;
/** Past this many entries, `take` stores their merge as one entry, so the inbox of a key that keeps failing stays small. */
const COMPACT_OVER = 20;

/**
 * Adds an entry unless its id was seen: KEYS inbox, seq, seen, since; ARGV id, json, ttl, now.
 * Returns { 1 when added else 0, since, entries waiting }.
 */
const ADD_SCRIPT = `
if redis.call('SET', KEYS[3], '1', 'NX', 'PX', ARGV[3]) then
  local seq = redis.call('INCR', KEYS[2])
  redis.call('HSET', KEYS[1], ARGV[1], seq .. ' ' .. ARGV[2])
  redis.call('SET', KEYS[4], ARGV[4], 'NX')
  return {1, redis.call('GET', KEYS[4]), redis.call('HLEN', KEYS[1])}
end
return {0, redis.call('GET', KEYS[4]) or ARGV[4], redis.call('HLEN', KEYS[1])}
`;

/**
 * Deletes the entries a run served: KEYS inbox, since, seq; ARGV now, ids…; the arrival time of
 * what is left becomes `now`. Returns the entries left.
 */
const DONE_SCRIPT = `
for i = 2, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
local left = redis.call('HLEN', KEYS[1])
if left == 0 then redis.call('DEL', KEYS[2], KEYS[3]) else redis.call('SET', KEYS[2], ARGV[1]) end
return left
`;

type InboxCommands = Redis & {
  fbInboxAdd(
    inbox: string,
    seq: string,
    seen: string,
    since: string,
    id: string,
    json: string,
    ttl: number,
    now: number,
  ): Promise<[number, string, number]>;
  fbInboxDone(inbox: string, since: string, seq: string, now: number, ...ids: string[]): Promise<number>;
};

function withCommands(redis: Redis): InboxCommands {
  redis.defineCommand('fbInboxAdd', { numberOfKeys: 4, lua: ADD_SCRIPT });
  redis.defineCommand('fbInboxDone', { numberOfKeys: 3, lua: DONE_SCRIPT });
  return redis as InboxCommands;
}

/** What `take` found: the merged job of every entry, their ids, and the ids of the triggers behind them. */
export interface InboxBatch<T> {
  job: T;
  /** Entry ids to delete once the run succeeded. */
  entries: string[];
  /** The triggers' own ids (webhook delivery ids, …), in arrival order. */
  sources: string[];
}

/** The outcome of `add`. */
export interface InboxAdded {
  /** False when the id was seen before (a redelivery): nothing was added. */
  added: boolean;
  /** When the oldest waiting entry arrived (epoch ms). */
  since: number;
  /** Entries now waiting. */
  waiting: number;
}

/** One replica's view of the inboxes. */
export interface JobInbox<T extends JobData> {
  add(job: T, id: string, nowMs: number): Promise<InboxAdded>;
  /** Every waiting entry of `key`, merged in arrival order; null when there is none. */
  take(key: string): Promise<InboxBatch<T> | null>;
  /** Deletes served entries; resolves with how many entries are left (they came in during the run). */
  done(key: string, entries: readonly string[], nowMs: number): Promise<number>;
}

interface Stored<T> {
  sources: string[];
  job: T;
}

/** Ids freshbase made up for a trigger that had none start with this; they are not sources. */
export const LOCAL_ID_PREFIX = 'local:';

/** Creates the inboxes over `producer` (fail-fast: adding) and `consumer` (patient: taking, deleting). */
export function createJobInbox<T extends JobData>(options: {
  producer: Redis;
  consumer: Redis;
  prefix: string;
  merge: MergeJobs<T>;
}): JobInbox<T> {
  const producer = withCommands(options.producer);
  const consumer = withCommands(options.consumer);
  const { prefix, merge } = options;
  const keys = (key: string): { inbox: string; seq: string; since: string } => ({
    inbox: `${prefix}:inbox:{${key}}`,
    seq: `${prefix}:seq:{${key}}`,
    since: `${prefix}:since:{${key}}`,
  });

  return {
    async add(job, id, nowMs) {
      const k = keys(job.key);
      const stored: Stored<T> = { sources: id.startsWith(LOCAL_ID_PREFIX) ? [] : [id], job };
      const seen = `${prefix}:seen:{${job.key}}:${id}`;
      const [added, since, waiting] = await producer.fbInboxAdd(
        k.inbox,
        k.seq,
        seen,
        k.since,
        id,
        JSON.stringify(stored),
        SEEN_TTL_MS,
        nowMs,
      );
      return { added: added === 1, since: Number(since), waiting };
    },

    async take(key) {
      const all = await consumer.hgetall(keys(key).inbox);
      const entries = Object.entries(all)
        .map(([id, text]) => {
          const space = text.indexOf(' ');
          return { id, seq: Number(text.slice(0, space)), stored: JSON.parse(text.slice(space + 1)) as Stored<T> };
        })
        .sort((a, b) => a.seq - b.seq)
        .slice(0, MAX_ENTRIES);
      const first = entries[0];
      if (first === undefined) return null;
      let job = first.stored.job;
      for (const entry of entries.slice(1)) job = merge(job, entry.stored.job);
      const sources = [...new Set(entries.flatMap((entry) => entry.stored.sources))];
      if (entries.length <= COMPACT_OVER) return { job, entries: entries.map((entry) => entry.id), sources };
      // One entry for all of them, written atomically: a replica reading now sees either form.
      const id = `${LOCAL_ID_PREFIX}merged:${randomUUID()}`;
      const stored: Stored<T> = { sources, job };
      await consumer
        .multi()
        .hdel(keys(key).inbox, ...entries.map((entry) => entry.id))
        .hset(keys(key).inbox, id, `${first.seq} ${JSON.stringify(stored)}`)
        .exec();
      return { job, entries: [id], sources };
    },

    async done(key, entries, nowMs) {
      if (entries.length === 0) return 0;
      const k = keys(key);
      return consumer.fbInboxDone(k.inbox, k.since, k.seq, nowMs, ...entries);
    },
  };
}
