/**
 * Checks `schedule.cron` and `schedule.timezone` the way the scheduler will run them: with
 * node-cron's own validation, plus what a valid expression can still get wrong (six fields,
 * or a date that never comes, like `0 0 30 2 *`).
 *
 * Owns: `checkCron`, `checkTimeZone`. May import: node-cron (validation only).
 * Must not: start a task (the probe task made to find a next run is destroyed at once).
 */
import nodeCron from 'node-cron';

const FIELD_NAMES: Readonly<Record<string, string>> = {
  minute: 'minute',
  hour: 'hour',
  dayOfMonth: 'day-of-month',
  month: 'month',
  dayOfWeek: 'day-of-week',
};

/** Null when the time zone is an IANA time zone the runtime knows, else why not. */
export function checkTimeZone(timezone: string): string | null {
  if (timezone === '' || timezone.length > 64) return `"${timezone}" is not an IANA time zone`;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return null;
  } catch (error: unknown) {
    if (error instanceof RangeError) return `"${timezone}" is not an IANA time zone like UTC or Europe/Berlin`;
    throw error;
  }
}

/**
 * Null when `cron` is a five-field expression (or a macro such as `@weekly`) that node-cron
 * accepts and that fires at some time (read in UTC), else why not, in one sentence.
 */
export function checkCron(cron: string): string | null {
  const text = cron.trim();
  const fields = text === '' ? [] : text.split(/\s+/);
  if (!text.startsWith('@') && fields.length !== 5) {
    const seconds = fields.length === 6 ? ', without seconds' : '';
    return `it has ${fields.length} fields; a cron expression has 5 (minute hour day-of-month month day-of-week)${seconds}`;
  }
  const checked = nodeCron.validateDetailed(text);
  const error = checked.errors[0];
  if (error !== undefined) {
    if (/impossible/.test(error.message)) return `it never fires: day ${error.value ?? ''} does not occur in the months it names`;
    const name = FIELD_NAMES[error.field];
    return name === undefined ? `it is not a cron expression: ${error.message}` : `the ${name} field "${error.value ?? ''}" is not valid`;
  }
  return firesSometime(text) ? null : 'it never fires: no date matches it';
}

/** Whether node-cron finds a next run for the expression (it searches a hundred years ahead). */
function firesSometime(cron: string): boolean {
  const probe = nodeCron.createTask(cron, () => undefined);
  try {
    return probe.getNextRuns(1).length === 1;
  } catch (error: unknown) {
    if (error instanceof Error && /Could not find next matching date/.test(error.message)) return false;
    throw error;
  } finally {
    void probe.destroy();
  }
}
