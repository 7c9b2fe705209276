/**
 * Image drift: a tag re-pushed since the service's tasks started (the `:latest` case), so the
 * tasks run an older digest than the tag names and a redeploy would pull the new one. Pure.
 */
import type { Deployment } from '../aws/types';

export interface TagNow {
  /** The digest the tag points at in ECR now. */
  digest: string;
  pushedAt?: number;
}

/**
 * The digest the tag now names, when running tasks run another, unless the PRIMARY deployment
 * is rolling out and started after the push: it is already pulling that digest.
 */
export function imageDrift(
  tagNow: TagNow | undefined,
  runningDigests: string[],
  primary: Deployment | undefined,
): { tagDigest: string } | undefined {
  if (!tagNow || !runningDigests.some((d) => d !== tagNow.digest)) return undefined;
  const rollingOutPush =
    primary?.rolloutState === 'IN_PROGRESS' &&
    primary.createdAt !== undefined &&
    tagNow.pushedAt !== undefined &&
    primary.createdAt >= tagNow.pushedAt;
  return rollingOutPush ? undefined : { tagDigest: tagNow.digest };
}

const ECR_REPOSITORY = /^[^/]+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/(.+)$/;

/** The repository name of an ECR image reference, or undefined for other registries. */
export function ecrRepositoryName(repositoryUri: string): string | undefined {
  return ECR_REPOSITORY.exec(repositoryUri)?.[1];
}
