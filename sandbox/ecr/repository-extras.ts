/**
 * ECR beyond pushing and reading images: deleting images (BatchDeleteImage), a repository's
 * lifecycle policy (GetLifecyclePolicy) and its tags (ListTagsForResource).
 */
import { AwsError, invalidParameter, repositoryNotFound } from '../errors.js';
import { isObject, optArray, optString, reqString } from '../input.js';
import { epochSeconds, type JsonObject } from '../wire.js';
import type { World } from '../world.js';
import { findRepository } from './ecr.js';
import type { Repository } from './store.js';

/** CreateRepository's `tags`: [{Key, Value}], at most 50. */
export function readEcrTags(input: JsonObject): Repository['tags'] {
  const tags = optArray(input, 'tags') ?? [];
  if (tags.length > 50) throw invalidParameter('A repository can have at most 50 tags.');
  return tags.map((tag) => {
    if (!isObject(tag) || typeof tag.Key !== 'string' || tag.Key === '')
      throw invalidParameter('Each tag needs a non-empty Key.');
    return { Key: tag.Key, Value: typeof tag.Value === 'string' ? tag.Value : '' };
  });
}

/**
 * Deletes images by digest (the image and all its tags) or by tag (only that tag, unless it is
 * the image's last: then the image goes), as ECR does; what it cannot find is a failure.
 */
export function batchDeleteImage(world: World, input: JsonObject) {
  const repo = findRepository(world, input);
  const ids = optArray(input, 'imageIds');
  if (!ids || ids.length === 0 || ids.length > 100)
    throw invalidParameter('imageIds must contain between 1 and 100 items.');
  const deleted: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const id of ids.filter(isObject)) {
    const digest = optString(id, 'imageDigest');
    const tag = optString(id, 'imageTag');
    if (!digest && !tag) {
      failures.push({
        imageId: id,
        failureCode: 'MissingDigestAndTag',
        failureReason: 'Invalid request parameters: both tag and digest cannot be null',
      });
      continue;
    }
    const image = digest
      ? repo.images.get(digest)
      : [...repo.images.values()].find((candidate) => candidate.tags.includes(tag!));
    if (!image) {
      failures.push({
        imageId: id,
        failureCode: 'ImageNotFound',
        failureReason: 'Requested image not found',
      });
      continue;
    }
    if (digest && tag && !image.tags.includes(tag)) {
      failures.push({
        imageId: id,
        failureCode: 'ImageTagDoesNotMatchDigest',
        failureReason: 'Invalid image tag for the given digest',
      });
      continue;
    }
    if (tag && !digest && image.tags.length > 1) {
      image.tags = image.tags.filter((t) => t !== tag);
      deleted.push({ imageDigest: image.digest, imageTag: tag });
      continue;
    }
    repo.images.delete(image.digest);
    for (const gone of image.tags.length ? image.tags : [undefined])
      deleted.push({ imageDigest: image.digest, ...(gone ? { imageTag: gone } : {}) });
  }
  return { imageIds: deleted, failures };
}

export function getLifecyclePolicy(world: World, input: JsonObject) {
  const repo = findRepository(world, input);
  if (repo.lifecyclePolicy === undefined) {
    throw new AwsError(
      'LifecyclePolicyNotFoundException',
      `Lifecycle policy does not exist for the repository with name '${repo.name}' in the registry with id '${world.accountId}'`,
    );
  }
  return {
    registryId: repo.registryId,
    repositoryName: repo.name,
    lifecyclePolicyText: repo.lifecyclePolicy,
    // ECR evaluates lifecycle policies about once a day.
    lastEvaluatedAt: epochSeconds(Math.floor(world.now() / 86_400_000) * 86_400_000),
  };
}

export function listTagsForResource(world: World, input: JsonObject) {
  const arn = reqString(input, 'resourceArn');
  const match = /^arn:aws[a-z-]*:ecr:[^:]+:(\d{12}):repository\/(.+)$/.exec(arn);
  if (!match)
    throw invalidParameter(
      `Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'`,
    );
  const repo = world.ecr.repositories.get(match[2]!);
  if (!repo || repo.arn !== arn) throw repositoryNotFound(match[2]!, match[1]!);
  return { tags: repo.tags };
}
