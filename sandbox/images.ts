/**
 * What happens when a container image runs in the sandbox. Images behave well unless their
 * tag says otherwise, or the admin API marks them (PUT /_sandbox/images):
 *   tag `broken` or containing `crash`      -> the process exits with code 1 right after start
 *   tag containing `unhealthy`              -> the container runs but fails its health check
 *   tag containing `oom`                    -> its memory climbs until ECS kills it (exit 137)
 * ECR images must exist in the sandbox's ECR, or the pull fails as it does on Fargate.
 */
import type { EcrStore } from './ecr/store.js';
import { parseEcrImage } from './ecr/store.js';
import type { ImageBehaviour } from './ecs/model.js';
import { sha256 } from './wire.js';

export function behaviourFromTag(image: string): ImageBehaviour {
  const tag = /:([^/:@]+)(@|$)/.exec(image)?.[1] ?? '';
  if (tag === 'broken' || tag.includes('crash')) return 'crash';
  if (tag.includes('unhealthy')) return 'unhealthy';
  if (tag.includes('oom')) return 'oom';
  return 'healthy';
}

export type PullResult = { ok: true; digest: string } | { ok: false; reason: string };

/** Resolves an image reference the way a Fargate pull would, marking the ECR pull time. */
export function pullImage(
  ecr: EcrStore,
  image: string,
  now: number,
  pinnedDigest?: string,
): PullResult {
  const ref = parseEcrImage(image);
  if (!ref) return { ok: true, digest: pinnedDigest ?? `sha256:${sha256(image)}` };
  const repo = ecr.repositories.get(ref.repository);
  const digest = pinnedDigest ?? ref.digest;
  const found =
    repo &&
    (digest ? repo.images.get(digest) : ref.tag ? ecr.imageByTag(repo, ref.tag) : undefined);
  if (!found) {
    return {
      ok: false,
      reason:
        `CannotPullContainerError: pull image manifest has been retried 1 time(s): ` +
        `failed to resolve ref ${image}: ${image}: not found`,
    };
  }
  found.lastRecordedPullTime = now;
  return { ok: true, digest: found.digest };
}

/** The digest a tag points to now, as ECS resolves it when a deployment starts. */
export function resolveDigest(ecr: EcrStore, image: string): string | undefined {
  const ref = parseEcrImage(image);
  if (!ref) return `sha256:${sha256(image)}`;
  if (ref.digest) return ref.digest;
  const repo = ecr.repositories.get(ref.repository);
  return repo && ref.tag ? ecr.imageByTag(repo, ref.tag)?.digest : undefined;
}
