/** Public surface of jobs/: the queue and scheduler ports, their in-process implementations, and schedule arithmetic. */
export type { EnqueueOptions, JobData, JobHandler, JobLog, JobQueue, MergeJobs, Schedule, ScheduledRuns, Scheduler } from './ports.js';
export { createMemoryQueue, type MemoryQueueOptions } from './memory-queue.js';
export { createCronScheduler, type CronSchedulerOptions } from './cron-scheduler.js';
export {
  foldOffset,
  isPassMissed,
  LEGACY_PASS_INTERVAL_MS,
  MAX_WINDOW_MS,
  scheduleOffsetMinutes,
  scheduleOffsetMs,
  type PassRecord,
} from './schedule.js';
export { InvalidScheduleError } from './errors.js';
