/**
 * How large a Dockerfile freshbase reads. Past these limits extraction would cost time or
 * memory out of proportion: dockerfile-ast's flag handling is quadratic in the flags of one
 * instruction, and its garbage grows faster than the text for one very long instruction.
 * Such a file is reported as skipped with the reason instead.
 */

/** Longest file text read, in characters. @default 1 MiB */
export const MAX_DOCKERFILE_LENGTH = 1024 * 1024;
/** Most lines read. @default 20,000 */
export const MAX_DOCKERFILE_LINES = 20_000;
/** Longest instruction (its lines joined by continuations), in characters. @default 64 KiB */
export const MAX_INSTRUCTION_LENGTH = 64 * 1024;
/** Most flag words (`--from=`, `--mount=`, …) in one instruction. @default 1,000 */
export const MAX_INSTRUCTION_FLAGS = 1000;

/** The lines of `text` and their numbers, split as dockerfile-ast does (CRLF, LF, CR); a final line break ends the last line. */
function* readLines(text: string): Generator<{ line: string; number: number }> {
  let start = 0;
  let number = 1;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i < text.length && c !== 10 && c !== 13) continue;
    if (i === text.length && start === i && i > 0) return;
    yield { line: text.slice(start, i), number };
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
    number++;
  }
}

function countFlags(line: string): number {
  let flags = 0;
  for (let i = line.indexOf('--'); i >= 0; i = line.indexOf('--', i + 2)) {
    const before = i === 0 ? ' ' : line.charAt(i - 1);
    if (before === ' ' || before === '\t') flags++;
  }
  return flags;
}

/**
 * Why a Dockerfile's text is too large to read (a sentence naming the limit and, for an
 * instruction, its first line), or null when it is within the limits. Linear in the text.
 * Continuations are counted with either escape character (`\` or a backtick), so an
 * instruction is never measured shorter than a Docker builder would read it.
 */
export function checkDockerfileLimits(text: string): string | null {
  if (text.length > MAX_DOCKERFILE_LENGTH)
    return `the file has ${text.length} characters, more than freshbase reads (${MAX_DOCKERFILE_LENGTH})`;
  let instruction = { line: 1, length: 0, flags: 0 };
  let continued = false;
  let lines = 0;
  for (const { line, number } of readLines(text)) {
    lines = number;
    const trimmed = line.trim();
    // Comment lines are no instruction; inside a continuation, they and blank lines are skipped.
    if (trimmed.startsWith('#') || (continued && trimmed === '')) continue;
    if (!continued) instruction = { line: number, length: 0, flags: 0 };
    instruction.length += line.length + 1;
    instruction.flags += countFlags(line);
    if (instruction.length > MAX_INSTRUCTION_LENGTH) {
      return `the instruction at line ${instruction.line} is longer than freshbase reads (${MAX_INSTRUCTION_LENGTH} characters)`;
    }
    if (instruction.flags > MAX_INSTRUCTION_FLAGS) {
      return `the instruction at line ${instruction.line} has more than ${MAX_INSTRUCTION_FLAGS} flags (--name), more than freshbase reads`;
    }
    continued = trimmed.endsWith('\\') || trimmed.endsWith('`');
  }
  if (lines > MAX_DOCKERFILE_LINES) return `the file has ${lines} lines, more than freshbase reads (${MAX_DOCKERFILE_LINES})`;
  return null;
}
