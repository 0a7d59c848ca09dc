/**
 * Zod schemas of the registry JSON freshbase reads, naming only the fields it uses
 * (unknown fields are ignored, so registries may add their own).
 *
 * Owns: `TagListPage`, `ManifestBody`, `ImageConfig`, `TokenAnswer`, `DockerConfig`, `MEDIA_TYPES`.
 * May import: zod. Must not: do I/O.
 */
import { z } from 'zod';

/** Media types of manifests, by role. */
export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

const Digest = z.string().regex(/^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/, 'is not a sha256 or sha512 digest');

/** One page of `GET /v2/NAME/tags/list`. Docker Hub answers `null` for an empty repository. */
export const TagListPage = z.object({ tags: z.array(z.string()).nullish() });
export type TagListPage = z.infer<typeof TagListPage>;

/** A platform as written in an index entry or an image config. */
export const PlatformBody = z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional() });
export type PlatformBody = z.infer<typeof PlatformBody>;

/** An entry of an OCI index or Docker manifest list. */
export const IndexEntry = z.object({
  digest: Digest,
  mediaType: z.string().optional(),
  platform: PlatformBody.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type IndexEntry = z.infer<typeof IndexEntry>;

/** Any manifest we read: an index (`manifests`) or an image manifest (`config`). */
export const ManifestBody = z.object({
  schemaVersion: z.number().optional(),
  mediaType: z.string().optional(),
  manifests: z.array(IndexEntry).optional(),
  config: z.object({ digest: Digest, mediaType: z.string().optional() }).optional(),
});
export type ManifestBody = z.infer<typeof ManifestBody>;

/** The image config blob: platform and creation date. */
export const ImageConfig = z.object({
  created: z.string().optional(),
  os: z.string().optional(),
  architecture: z.string().optional(),
  variant: z.string().optional(),
});
export type ImageConfig = z.infer<typeof ImageConfig>;

/** A token server's answer (`token`, or OAuth2's `access_token`). */
export const TokenAnswer = z.object({
  token: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
});
export type TokenAnswer = z.infer<typeof TokenAnswer>;

/** The parts of a Docker `config.json` freshbase reads. */
export const DockerConfig = z.object({
  auths: z
    .record(
      z.string(),
      z.object({
        auth: z.string().optional(),
        username: z.string().optional(),
        password: z.string().optional(),
        identitytoken: z.string().optional(),
        registrytoken: z.string().optional(),
        installations: z.array(z.number().int().positive()).optional(),
        owners: z.array(z.string().min(1)).optional(),
      }),
    )
    .optional(),
});
export type DockerConfig = z.infer<typeof DockerConfig>;

/** One platform image of a Docker Hub tag (`images[]` of the repository tags API). */
export const HubImage = z.object({
  architecture: z.string().nullish(),
  os: z.string().nullish(),
  variant: z.string().nullish(),
  digest: z.string().nullish(),
  last_pushed: z.string().nullish(),
});
export type HubImage = z.infer<typeof HubImage>;

/** One tag as Docker Hub's API describes it (`GET /v2/namespaces/{ns}/repositories/{repo}/tags/{tag}`). */
export const HubTag = z.object({
  name: z.string(),
  digest: z.string().nullish(),
  media_type: z.string().nullish(),
  images: z.array(HubImage).nullish(),
  tag_last_pushed: z.string().nullish(),
  last_updated: z.string().nullish(),
});
export type HubTag = z.infer<typeof HubTag>;

/** A page of `GET /v2/namespaces/{ns}/repositories/{repo}/tags?page_size=100`. */
export const HubTagPage = z.object({ count: z.number().nullish(), next: z.string().nullish(), results: z.array(HubTag) });
export type HubTagPage = z.infer<typeof HubTagPage>;

/** What freshbase keeps of a Docker Hub tag: complete facts, or nothing (the registry API is asked then). */
export const HubFacts = z.object({
  digest: z.string(),
  mediaType: z.enum([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]),
  kind: z.enum(['index', 'image']),
  entries: z.array(
    z.object({
      digest: z.string(),
      platform: z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional() }),
      pushed: z.string().optional(),
    }),
  ),
  tagPushed: z.string().optional(),
});
export type HubFacts = z.infer<typeof HubFacts>;
