/**
 * Public surface of jobs/: the queue and scheduler ports, their in-process implementations
 * (one replica), their BullMQ implementations on Redis (several replicas), the Redis-backed
 * registry cache store, and schedule arithmetic. bullmq and ioredis stay inside this folder.
 */
export type {
  EnqueueOptions,
  FailureRecord,
  JobData,
  JobHandler,
  JobLog,
  JobQueue,
  JobRun,
  MergeJobs,
  QueueCounts,
  Schedule,
  ScheduledRuns,
  Scheduler,
} from './ports.js';
export { createMemoryQueue, type MemoryQueueOptions } from './memory-queue.js';
export { createCronScheduler, type CronSchedulerOptions } from './cron-scheduler.js';
export { createBullQueue, type BullQueue, type BullQueueOptions } from './bullmq-queue.js';
export { createBullScheduler, type BullSchedulerOptions } from './bullmq-scheduler.js';
export { connectRedis, type ConnectRedisOptions, type RedisConnections } from './redis-connection.js';
export { createRedisStore, type RedisStoreOptions } from './redis-store.js';
export { SEEN_TTL_MS } from './job-inbox.js';
export {
  foldOffset,
  isPassMissed,
  LEGACY_PASS_INTERVAL_MS,
  MAX_WINDOW_MS,
  scheduleOffsetMinutes,
  scheduleOffsetMs,
  type PassRecord,
} from './schedule.js';
export { InvalidScheduleError, QueueUnavailableError } from './errors.js';
