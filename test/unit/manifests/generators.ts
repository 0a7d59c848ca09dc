/** fast-check arbitraries and a position-recording renderer for the manifest property tests. */
import fc from 'fast-check';

/** How a generated value is quoted. */
export type Style = 'plain' | 'single' | 'double';

/** A generated image reference. */
export interface Image {
  host?: string | undefined;
  path: string[];
  tag?: string | undefined;
  digest?: string | undefined;
}

/** New values for one image: a tag (applied only where it has one) and a digest. */
export interface Change {
  tag?: string | undefined;
  digest?: string | undefined;
}

/** Changes by value id. */
export type NewValues = Map<number, Change>;

const component = fc.stringMatching(/^[a-z0-9]{1,8}$/);
export const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);
export const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`);
export const eol = fc.constantFrom('\n', '\r\n');
export const style = fc.constantFrom<Style>('plain', 'single', 'double');
export const image: fc.Arbitrary<Image> = fc.record({
  host: fc.option(fc.constantFrom('ghcr.io', 'localhost:5000', 'quay.io'), { nil: undefined }),
  path: fc.array(component, { minLength: 1, maxLength: 3 }),
  tag: fc.option(tag, { nil: undefined }),
  digest: fc.option(digest, { nil: undefined }),
});

/** `host/path:tag@digest`. */
export function renderImage(value: Image): string {
  const host = value.host === undefined ? '' : `${value.host}/`;
  return `${host}${value.path.join('/')}${value.tag === undefined ? '' : `:${value.tag}`}${value.digest === undefined ? '' : `@${value.digest}`}`;
}

/** The image a change leaves: the tag replaced where there was one, the digest set. */
export function withEdits(value: Image, change: Change | undefined): Image {
  if (change === undefined) return value;
  return {
    ...value,
    ...(change.tag !== undefined && value.tag !== undefined ? { tag: change.tag } : {}),
    ...(change.digest === undefined ? {} : { digest: change.digest }),
  };
}

/** `text` quoted in `how`. */
export function quote(text: string, how: Style): string {
  return how === 'single' ? `'${text}'` : how === 'double' ? `"${text}"` : text;
}

/** Text built piece by piece, remembering where each value's characters are. */
export class Rendered {
  text = '';
  private readonly spans = new Map<number, [number, number]>();

  add(piece: string): void {
    this.text += piece;
  }

  /** Adds value `id`, quoted. */
  value(id: number, text: string, how: Style): void {
    const mark = how === 'plain' ? '' : how === 'single' ? "'" : '"';
    this.add(mark);
    const start = this.text.length;
    this.add(text);
    this.spans.set(id, [start, this.text.length]);
    this.add(mark);
  }

  /** The id of the value whose characters (or end) contain offset `at`. */
  valueAt(at: number): number | undefined {
    for (const [id, [start, end]] of this.spans) if (at >= start && at <= end) return id;
    return undefined;
  }
}
