/**
 * Zod schemas of the OSV API answers freshbase reads (docs/api in google/osv.dev), naming
 * only the fields used; unknown fields are ignored.
 *
 * Owns: `QueryBatchAnswer`, `VulnRecord`.
 * May import: zod. Must not: do I/O.
 */
import { z } from 'zod';

/** `POST /v1/querybatch`: one result per query, in order; ids only, a page token when more follow. */
export const QueryBatchAnswer = z.object({
  results: z.array(
    z.object({
      vulns: z
        .array(z.object({ id: z.string().min(1).max(200) }))
        .max(10_000)
        .optional(),
      next_page_token: z.string().max(10_000).optional(),
    }),
  ),
});
export type QueryBatchAnswer = z.infer<typeof QueryBatchAnswer>;

const SeverityEntry = z.object({ type: z.string(), score: z.string() });
const Specific = z.record(z.string(), z.unknown()).optional();

/** `GET /v1/vulns/{id}`: an OSV record. */
export const VulnRecord = z.object({
  id: z.string().min(1).max(200),
  summary: z.string().optional(),
  aliases: z.array(z.string()).max(1000).optional(),
  upstream: z.array(z.string()).max(1000).optional(),
  severity: z.array(SeverityEntry).max(20).optional(),
  database_specific: Specific,
  affected: z
    .array(
      z.object({
        package: z.object({ ecosystem: z.string(), name: z.string() }).optional(),
        severity: z.array(SeverityEntry).max(20).optional(),
        ecosystem_specific: Specific,
        database_specific: Specific,
      }),
    )
    .max(5000)
    .optional(),
});
export type VulnRecord = z.infer<typeof VulnRecord>;
