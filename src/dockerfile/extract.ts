/**
 * Dockerfile extraction: every image a Dockerfile builds on, as typed `ImageRef`s.
 *
 * Owns: reading FROM, ARG defaults, COPY --from, RUN --mount from and `# syntax=`.
 * May import: dockerfile-ast (this folder is its only user), oci/, refs/. Must not: do I/O, throw.
 */
import { Copy, DockerfileParser, From, Run, type Dockerfile, type Instruction } from 'dockerfile-ast';
import { readArgWords } from './arg-words.js';
import { createExpansionBudget, expandArgs, type ArgBinding, type ArgScope, type ExpansionBudget } from './expand.js';
import { buildRef, type RefContext } from './build-ref.js';
import { checkDockerfileLimits } from './limits.js';
import { LineIndex, mapVerbatim, type ImageRef, type MappedText, type Position } from '../refs/index.js';
import { mapContinued } from './text.js';

interface Walk {
  file: string;
  text: string;
  lines: LineIndex;
  escape: string;
  budget: ExpansionBudget;
  global: Map<string, ArgBinding>;
  stage: Map<string, ArgBinding> | null;
  stageNames: Set<string>;
  currentStage: string | undefined;
  argRanges: [number, number][];
  refs: ImageRef[];
}

/**
 * Extracts the image references of one Dockerfile. Never throws: unparsable input gives
 * no references, and a file past `checkDockerfileLimits` one marked `invalid` with the reason
 * (sources report such a file as skipped before it gets here). Time and memory are linear
 * in the text: expansions are capped per value and per file (see expand.ts).
 */
export function extractImageRefs(file: string, text: string): ImageRef[] {
  const tooLarge = checkDockerfileLimits(text);
  if (tooLarge !== null) {
    return [
      {
        file,
        kind: 'dockerfile',
        line: 1,
        instructionLine: 1,
        source: 'from',
        raw: '',
        name: null,
        problem: { kind: 'invalid', reason: tooLarge },
      },
    ];
  }
  try {
    return walkDockerfile(file, text, DockerfileParser.parse(text));
  } catch {
    // dockerfile-ast only fails on input that no Docker builder would accept either.
    return [];
  }
}

function walkDockerfile(file: string, text: string, dockerfile: Dockerfile): ImageRef[] {
  const walk: Walk = {
    file,
    text,
    lines: new LineIndex(text),
    escape: dockerfile.getEscapeCharacter(),
    budget: createExpansionBudget(),
    global: new Map(),
    stage: null,
    stageNames: new Set(),
    currentStage: undefined,
    argRanges: [],
    refs: [],
  };
  readSyntaxDirective(walk, dockerfile);
  for (const instruction of dockerfile.getInstructions()) {
    switch (instruction.getKeyword()) {
      case 'ARG':
        readArg(walk, instruction);
        break;
      case 'FROM':
        readFrom(walk, instruction);
        break;
      case 'COPY':
        readFlagImage(walk, instruction, 'from', 'copy-from');
        break;
      case 'RUN':
        readMountImages(walk, instruction);
        break;
      default:
        break;
    }
  }
  return walk.refs;
}

function offsetOf(walk: Walk, position: Position): number {
  return walk.lines.offsetAt(position);
}

function context(walk: Walk, instruction: Instruction): RefContext {
  return {
    file: walk.file,
    lines: walk.lines,
    instructionLine: instruction.getRange().start.line + 1,
    argRanges: walk.argRanges,
  };
}

function readSyntaxDirective(walk: Walk, dockerfile: Dockerfile): void {
  for (const directive of dockerfile.getDirectives()) {
    if (directive.getName().toLowerCase() !== 'syntax') continue;
    const range = directive.getValueRange();
    const start = offsetOf(walk, range.start);
    const mapped = mapVerbatim(walk.text.slice(start, offsetOf(walk, range.end)), start);
    const line = range.start.line + 1;
    walk.refs.push(
      buildRef({ file: walk.file, lines: walk.lines, instructionLine: line, argRanges: [] }, { source: 'syntax', value: mapped }),
    );
  }
}

function readArg(walk: Walk, instruction: Instruction): void {
  const range = instruction.getArgumentsRange();
  if (range === null) return;
  const start = offsetOf(walk, range.start);
  const end = offsetOf(walk, range.end);
  walk.argRanges.push([start, end]);
  const line = instruction.getRange().start.line + 1;
  const scope = walk.stage ?? walk.global;
  for (const word of readArgWords(walk.text, start, end, walk.escape)) {
    scope.set(word.name, bindArg(word.value, stageScope(walk), walk, line, word.name));
  }
}

function bindArg(value: MappedText | null, visible: ArgScope, walk: Walk, line: number, name: string): ArgBinding {
  if (value === null) {
    const inherited = walk.stage === null ? undefined : walk.global.get(name);
    return inherited ?? { value: null, line };
  }
  const expanded = expandArgs(value, { scope: visible, escape: walk.escape, budget: walk.budget });
  if (expanded.ok) return { value: expanded.value, line };
  if (expanded.exceeded !== true) return { value: null, line };
  return { value: null, line, problem: expanded.located === true ? expanded.reason : `ARG ${name} (line ${line}): ${expanded.reason}` };
}

function readFrom(walk: Walk, from: Instruction): void {
  if (!(from instanceof From)) return;
  const instruction = from;
  const stageName = from.getBuildStage() ?? undefined;
  const argument = from.getArguments()[0];
  if (argument !== undefined) {
    const mapped = mapArgument(walk, argument.getRange().start, argument.getRange().end);
    const ref = imageOrStage(walk, instruction, mapped, walk.global, 'from', stageName);
    if (ref !== null) {
      const platform = from.getPlatformFlag()?.getValue() ?? undefined;
      walk.refs.push(platform === undefined ? ref : { ...ref, platform });
    }
  }
  if (stageName !== undefined) walk.stageNames.add(stageName.toLowerCase());
  walk.currentStage = stageName;
  walk.stage = new Map();
}

function mapArgument(walk: Walk, start: Position, end: Position): MappedText {
  return mapContinued(walk.text, offsetOf(walk, start), offsetOf(walk, end), walk.escape);
}

/** A reference for an image, or null for `scratch`, an earlier stage or a stage index. */
function imageOrStage(
  walk: Walk,
  instruction: Instruction,
  mapped: MappedText,
  scope: ArgScope,
  source: ImageRef['source'],
  stage: string | undefined,
): ImageRef | null {
  const expanded = expandArgs(mapped, { scope, escape: walk.escape, budget: walk.budget });
  const text = expanded.ok ? expanded.value.text : mapped.text;
  const lower = text.toLowerCase();
  if (lower === 'scratch' || walk.stageNames.has(lower) || (source !== 'from' && /^[0-9]+$/.test(text))) return null;
  const ctx = context(walk, instruction);
  const base = stage === undefined ? {} : { stage };
  if (!expanded.ok) {
    return {
      file: walk.file,
      kind: 'dockerfile',
      line: ctx.instructionLine,
      instructionLine: ctx.instructionLine,
      source,
      raw: mapped.text,
      name: null,
      ...base,
      problem: { kind: 'unresolvable', reason: expanded.reason },
    };
  }
  return { ...buildRef(ctx, { source, value: expanded.value }), ...base };
}

/** The ARGs visible in the current stage: its own over the global ones (a view, not a copy). */
function stageScope(walk: Walk): ArgScope {
  const stage = walk.stage;
  if (stage === null) return walk.global;
  return { get: (name) => stage.get(name) ?? walk.global.get(name) };
}

/**
 * Whether the instruction's text holds `needle` at all: dockerfile-ast builds an object for
 * every word when asked for flags, so a long RUN without `--mount` is not handed to it.
 */
function mentions(walk: Walk, instruction: Instruction, needle: string): boolean {
  const range = instruction.getRange();
  return walk.text.slice(offsetOf(walk, range.start), offsetOf(walk, range.end)).toLowerCase().includes(needle);
}

function readFlagImage(walk: Walk, instruction: Instruction, flagName: string, source: ImageRef['source']): void {
  if (!(instruction instanceof Copy) || !mentions(walk, instruction, `--${flagName}`)) return;
  const flags = instruction.getFlags();
  for (const flag of flags) {
    const range = flag.getValueRange();
    if (flag.getName().toLowerCase() !== flagName || range === null) continue;
    const ref = imageOrStage(walk, instruction, mapArgument(walk, range.start, range.end), stageScope(walk), source, walk.currentStage);
    if (ref !== null) walk.refs.push(ref);
  }
}

function readMountImages(walk: Walk, instruction: Instruction): void {
  if (!(instruction instanceof Run) || !mentions(walk, instruction, '--mount')) return;
  const flags = instruction.getFlags();
  for (const flag of flags) {
    if (flag.getName().toLowerCase() !== 'mount') continue;
    for (const option of flag.getOptions()) {
      const range = option.getValueRange();
      if (option.getName().toLowerCase() !== 'from' || range === null) continue;
      const ref = imageOrStage(
        walk,
        instruction,
        mapArgument(walk, range.start, range.end),
        stageScope(walk),
        'mount-from',
        walk.currentStage,
      );
      if (ref !== null) walk.refs.push(ref);
    }
  }
}
