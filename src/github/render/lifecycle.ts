/**
 * The dashboard's lifecycle lines: references whose release line (version or OS part) is past
 * or near its end of life, with the line to move to, and images deprecated upstream with their
 * replacements. Rows only, every value from a file escaped: dashboard.ts fits them in.
 */
import { formatRepository } from '../../oci/reference.js';
import type { Proposal } from '../../plan/index.js';
import { code, text } from './markdown.js';

/** One line per reference past or near its end of life: `- `Dockerfile:2` python 3.9 reached end of life on 2025-10-31; 3.13 is …`. */
export function endOfLifeLines(proposals: readonly Proposal[]): string[] {
  return proposals.flatMap((p) => (p.eol === undefined ? [] : [`- ${code(`${p.ref.file}:${p.ref.line}`)} ${text(p.eol.message, 300)}`]));
}

/** One line per deprecated image, with where it is used: `- openjdk is deprecated upstream …; use eclipse-temurin or amazoncorretto (Dockerfile:2)`. */
export function deprecatedImageLines(proposals: readonly Proposal[]): string[] {
  const byImage = new Map<string, { sentence: string; places: string[] }>();
  for (const p of proposals) {
    if (p.deprecated === undefined || p.ref.name === null) continue;
    const image = formatRepository(p.ref.name);
    const entry = byImage.get(image) ?? { sentence: p.deprecated, places: [] };
    entry.places.push(`${p.ref.file}:${p.ref.line}`);
    byImage.set(image, entry);
  }
  return [...byImage.values()].map(({ sentence, places }) => {
    const shown = places.slice(0, 5).map((place) => code(place));
    const more = places.length > 5 ? `, ${places.length - 5} more` : '';
    return `- ${text(sentence, 300)} (${shown.join(', ')}${more})`;
  });
}
