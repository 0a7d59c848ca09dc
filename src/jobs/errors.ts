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
