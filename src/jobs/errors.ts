/** Failures of the job layer. */
import { FreshbaseError } from '../util/errors.js';

/** A cron expression or time zone freshbase cannot schedule. */
export class InvalidScheduleError extends FreshbaseError {
  override name = 'InvalidScheduleError';
  readonly cron: string;
  readonly timezone: string;
  readonly reason: string;
  /** The key (repository) whose schedule it is, when known. */
  readonly key: string | undefined;

  constructor(fields: { cron: string; timezone: string; reason: string; key?: string }) {
    const owner = fields.key === undefined ? '' : ` of ${fields.key}`;
    super('schedule-invalid', `schedule${owner} "${fields.cron}" (${fields.timezone}) is invalid: ${fields.reason}`);
    this.cron = fields.cron;
    this.timezone = fields.timezone;
    this.reason = fields.reason;
    this.key = fields.key;
  }
}

/**
 * The shared queue cannot take a job: Redis is unreachable. `status` is 503, so Probot's webhook
 * middleware answers GitHub 503 and the delivery shows as failed there (to redeliver), never as
 * accepted and dropped. The message never names the Redis URL (it may hold a password).
 */
export class QueueUnavailableError extends FreshbaseError {
  override name = 'QueueUnavailableError';
  /** The HTTP status a webhook gets. */
  readonly status = 503;
  readonly key: string;

  constructor(fields: { key: string; cause?: unknown }) {
    super('queue-unavailable', `the job queue cannot take ${fields.key} now: Redis is unreachable; the trigger was not accepted`, {
      cause: fields.cause,
      temporary: true,
    });
    this.key = fields.key;
  }
}
