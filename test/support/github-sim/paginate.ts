/**
 * Owns GitHub's page-number pagination: `per_page` (default 30, max 100), `page`, and the
 * `Link` header Octokit's paginate plugin follows. Imports `request-body`.
 */
import { readIntQuery } from './request-body.js';

/** One page of items plus the response headers describing the others. */
export interface Page<T> {
  readonly items: T[];
  readonly headers: Readonly<Record<string, string>>;
}

/** Cuts `items` to the requested page and builds the `Link` header from `requestUrl`. */
export function paginate<T>(requestUrl: URL, items: readonly T[]): Page<T> {
  const perPage = readIntQuery(requestUrl.searchParams, 'per_page', { fallback: 30, max: 100 });
  const page = readIntQuery(requestUrl.searchParams, 'page', { fallback: 1 });
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const pageUrl = (number: number): string => {
    const url = new URL(requestUrl);
    url.searchParams.set('page', String(number));
    url.searchParams.set('per_page', String(perPage));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${pageUrl(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), headers: links.length === 0 ? {} : { link: links.join(', ') } };
}
