/** Public surface of jobs/: the queue and scheduler ports, their in-process implementations, and schedule arithmetic. */
export type { Clock, Job, JobLog, JobQueue, Schedule, ScheduledRuns, Scheduler } from './ports.js';
export { createMemoryQueue, type MemoryQueueOptions } from './memory-queue.js';
export { createCronScheduler, MAX_TIMER_MS, type CronSchedulerOptions } from './cron-scheduler.js';
export {
  isMissedRun,
  nextRunAfter,
  previousRunBefore,
  scheduleOffsetMs,
  validateCron,
  validateTimeZone,
  type MissedRunInput,
} from './schedule.js';
export { InvalidScheduleError } from './errors.js';
export { systemClock } from './system-clock.js';
