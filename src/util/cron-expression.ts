/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) as Vixie cron reads
 * them: lists, ranges, steps (`*\/15`, `1-5/2`), names (`MON`, `JAN`), `7` for Sunday, the
 * `@daily`-style macros, and day-of-month OR day-of-week when both are restricted.
 * Pure: parsing and matching of calendar fields, no time zones.
 */

/** The parsed fields of an expression. */
export interface CronFields {
  /** Minutes and hours, ascending. */
  minutes: number[];
  hours: number[];
  days: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday. */
  weekdays: ReadonlySet<number>;
  /** Vixie's rule: a field starting with `*` leaves the day unrestricted, so the two day fields are AND-ed. */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

/** A parsed expression, or why it is not one. */
export type ParsedCron = { ok: true; fields: CronFields } | { ok: false; reason: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** Names for min, min + 1, …: `JAN` is 1, `SUN` is 0. */
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** The five fields of an expression, with macros expanded: `@weekly` → `0 0 * * 0`. */
export function expandCronMacro(expression: string): string {
  const trimmed = expression.trim();
  return MACROS[trimmed.toLowerCase()] ?? trimmed;
}

function parseValue(token: string, spec: FieldSpec): number | string {
  if (/^[0-9]+$/.test(token)) {
    const value = Number(token);
    return value >= spec.min && value <= spec.max ? value : `${spec.name} ${token} is out of range ${spec.min}-${spec.max}`;
  }
  const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return index + spec.min;
  if (/^(?:[LW?]|[0-9]*[LW]|[0-9]+#[0-9]+|L-[0-9]+)$/i.test(token))
    return `"${token}" in the ${spec.name} field is not supported (no L, W, # or ?)`;
  return `"${token}" is not a valid ${spec.name}`;
}

/** Parses one comma-separated item (`5`, `1-5`, `*\/15`, `MON-FRI/2`) into `values`. */
function parseItem(item: string, spec: FieldSpec, values: Set<number>): string | null {
  const [range = '', step, extra] = item.split('/');
  if (extra !== undefined) return `"${item}" in the ${spec.name} field has more than one step`;
  if (step !== undefined && !/^[0-9]+$/.test(step)) return `step "${step}" in the ${spec.name} field is not a number`;
  const every = step === undefined ? 1 : Number(step);
  if (every < 1) return `step "${step ?? ''}" in the ${spec.name} field must be at least 1`;
  let low: number;
  let high: number;
  if (range === '*') {
    low = spec.min;
    high = spec.name === 'day of week' ? 6 : spec.max;
  } else {
    const bounds = range.split('-');
    if (bounds.length > 2 || bounds.some((bound) => bound === '')) return `"${item}" is not a valid ${spec.name}`;
    const first = parseValue(bounds[0] ?? '', spec);
    const last = bounds[1] === undefined ? first : parseValue(bounds[1], spec);
    if (typeof first === 'string') return first;
    if (typeof last === 'string') return last;
    if (bounds.length === 1 && step !== undefined) return `"${item}" in the ${spec.name} field: a step needs a range or *`;
    if (first > last) return `range "${range}" in the ${spec.name} field runs backwards`;
    low = first;
    high = last;
  }
  for (let value = low; value <= high; value += every) values.add(value);
  return null;
}

function parseField(text: string, spec: FieldSpec): Set<number> | string {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') return `the ${spec.name} field "${text}" has an empty list item`;
    const problem = parseItem(item, spec, values);
    if (problem !== null) return problem;
  }
  if (spec.name === 'day of week' && values.delete(7)) values.add(0);
  return values;
}

/** Parses an expression. Never throws: a bad expression gives the reason, naming the field. */
export function parseCronExpression(expression: string): ParsedCron {
  const text = expandCronMacro(expression);
  if (text.startsWith('@'))
    return { ok: false, reason: `"${text}" is not a supported macro (@yearly, @monthly, @weekly, @daily, @hourly)` };
  const parts = text === '' ? [] : text.split(/\s+/);
  if (parts.length !== FIELDS.length) {
    const seconds = parts.length === 6 ? ', without seconds' : '';
    return {
      ok: false,
      reason: `it has ${parts.length} fields; a cron expression has 5 (minute hour day-of-month month day-of-week)${seconds}`,
    };
  }
  const sets: Set<number>[] = [];
  for (const [index, spec] of FIELDS.entries()) {
    const parsed = parseField(parts[index] ?? '', spec);
    if (typeof parsed === 'string') return { ok: false, reason: parsed };
    sets.push(parsed);
  }
  const [minutes, hours, days, months, weekdays] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const ascending = (a: number, b: number): number => a - b;
  return {
    ok: true,
    fields: {
      minutes: [...minutes].sort(ascending),
      hours: [...hours].sort(ascending),
      days,
      months,
      weekdays,
      dayOfMonthStar: (parts[2] ?? '').startsWith('*'),
      dayOfWeekStar: (parts[4] ?? '').startsWith('*'),
    },
  };
}

/** Whether a calendar day matches the month and day fields (month 1-12, weekday 0 = Sunday). */
export function matchesCronDay(fields: CronFields, date: { month: number; day: number; weekday: number }): boolean {
  if (!fields.months.has(date.month)) return false;
  const byDay = fields.days.has(date.day);
  const byWeekday = fields.weekdays.has(date.weekday);
  return fields.dayOfMonthStar || fields.dayOfWeekStar ? byDay && byWeekday : byDay || byWeekday;
}
