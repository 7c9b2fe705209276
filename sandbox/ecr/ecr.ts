/** ECR operations: repositories and images (manifests, digests, movable tags). */
import {
  imageAlreadyExists,
  imageDigestMismatch,
  imageNotFound,
  imageTagAlreadyExists,
  invalidManifest,
  invalidParameter,
  repositoryAlreadyExists,
  repositoryNotEmpty,
  repositoryNotFound,
} from '../errors.js';
import {
  isObject,
  optArray,
  optEnum,
  optNumber,
  optObject,
  optString,
  reqString,
} from '../input.js';
import type { World } from '../world.js';
import {
  describeImageScanFindings as scanFindings,
  scanCompletedAt,
  severityCounts,
} from './scan-findings.js';
import { epochSeconds, paginate, sha256, type JsonObject } from '../wire.js';
import type { EcrImage, Repository } from './store.js';
import { readEcrTags } from './repository-extras.js';

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function findRepository(world: World, input: JsonObject): Repository {
  const name = reqString(input, 'repositoryName');
  const repo = world.ecr.repositories.get(name);
  if (!repo) throw repositoryNotFound(name, world.accountId);
  return repo;
}

export function createRepositoryRecord(
  world: World,
  name: string,
  options: Partial<Repository> = {},
): Repository {
  const repo: Repository = {
    name,
    arn: world.arn('ecr', `repository/${name}`),
    uri: `${world.accountId}.dkr.ecr.${world.region}.amazonaws.com/${name}`,
    registryId: world.accountId,
    createdAt: world.now(),
    tagMutability: 'MUTABLE',
    scanOnPush: false,
    encryptionType: 'AES256',
    images: new Map(),
    tags: [],
    ...options,
  };
  world.ecr.repositories.set(name, repo);
  return repo;
}

function describeRepository(repo: Repository): JsonObject {
  return {
    repositoryArn: repo.arn,
    registryId: repo.registryId,
    repositoryName: repo.name,
    repositoryUri: repo.uri,
    createdAt: epochSeconds(repo.createdAt),
    imageTagMutability: repo.tagMutability,
    imageScanningConfiguration: { scanOnPush: repo.scanOnPush },
    encryptionConfiguration: { encryptionType: repo.encryptionType },
  };
}

export function createRepository(world: World, input: JsonObject) {
  const name = reqString(input, 'repositoryName');
  if (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw invalidParameter(
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${REPOSITORY_NAME.source}''`,
    );
  }
  if (world.ecr.repositories.has(name)) {
    throw repositoryAlreadyExists(name, world.accountId);
  }
  const mutability = optString(input, 'imageTagMutability') ?? 'MUTABLE';
  if (mutability !== 'MUTABLE' && mutability !== 'IMMUTABLE') {
    throw invalidParameter(
      `Invalid imageTagMutability '${mutability}'. Valid values: MUTABLE, IMMUTABLE.`,
    );
  }
  const scanning = optObject(input, 'imageScanningConfiguration');
  const repo = createRepositoryRecord(world, name, {
    tagMutability: mutability,
    scanOnPush: scanning?.scanOnPush === true,
    tags: readEcrTags(input),
  });
  return { repository: describeRepository(repo) };
}

export function describeRepositories(world: World, input: JsonObject) {
  const names = optArray(input, 'repositoryNames')?.map(String);
  if (names && input.maxResults !== undefined) {
    throw invalidParameter('maxResults cannot be used together with repositoryNames.');
  }
  const repos = names
    ? names.map((name) => {
        const repo = world.ecr.repositories.get(name);
        if (!repo) throw repositoryNotFound(name, world.accountId);
        return repo;
      })
    : [...world.ecr.repositories.values()];
  const { page, nextToken } = paginate(repos, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 100,
    limit: 1000,
    query: `dr:${names?.join()}`,
  });
  return { repositories: page.map(describeRepository), ...(nextToken ? { nextToken } : {}) };
}

export function deleteRepository(world: World, input: JsonObject) {
  const repo = findRepository(world, input);
  if (repo.images.size > 0 && input.force !== true) {
    throw repositoryNotEmpty(repo.name, world.accountId);
  }
  world.ecr.repositories.delete(repo.name);
  return { repository: describeRepository(repo) };
}

/** Images named by `imageIds` ({imageDigest} or {imageTag}), with failures for the missing. */
export function selectImages(world: World, repo: Repository, input: JsonObject) {
  const ids = optArray(input, 'imageIds');
  if (!ids) {
    const all = [...repo.images.values()];
    return { images: all, askedTags: all.map(() => undefined), failures: [] as JsonObject[] };
  }
  if (ids.length === 0 || ids.length > 100)
    throw invalidParameter('imageIds must contain between 1 and 100 items.');
  const images: EcrImage[] = [];
  /** The tag each found image was asked for by, where it was (BatchGetImage echoes it). */
  const askedTags: (string | undefined)[] = [];
  const failures: JsonObject[] = [];
  for (const id of ids.filter(isObject)) {
    const digest = optString(id, 'imageDigest');
    const tag = optString(id, 'imageTag');
    const image = digest
      ? repo.images.get(digest)
      : tag
        ? world.ecr.imageByTag(repo, tag)
        : undefined;
    if (image && (!tag || image.tags.includes(tag))) {
      images.push(image);
      askedTags.push(tag);
    } else
      failures.push({
        imageId: id,
        failureCode: 'ImageNotFound',
        failureReason: 'Requested image not found',
      });
  }
  return { images, askedTags, failures };
}

function imageDetail(repo: Repository, image: EcrImage): JsonObject {
  return {
    registryId: repo.registryId,
    repositoryName: repo.name,
    imageDigest: image.digest,
    ...(image.tags.length ? { imageTags: image.tags } : {}),
    imageSizeInBytes: image.sizeInBytes,
    imagePushedAt: epochSeconds(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    artifactMediaType: 'application/vnd.docker.container.image.v1+json',
    ...(image.lastRecordedPullTime
      ? { lastRecordedPullTime: epochSeconds(image.lastRecordedPullTime) }
      : {}),
    ...(repo.scanOnPush
      ? {
          imageScanStatus: {
            status: 'COMPLETE',
            description: 'The scan was completed successfully.',
          },
          imageScanFindingsSummary: {
            imageScanCompletedAt: epochSeconds(scanCompletedAt(image)),
            vulnerabilitySourceUpdatedAt: epochSeconds(image.pushedAt),
            findingSeverityCounts: severityCounts(),
          },
        }
      : {}),
  };
}

export function describeImageScanFindings(world: World, input: JsonObject) {
  const repo = findRepository(world, input);
  return scanFindings(
    world,
    repo,
    input,
    (id) => selectImages(world, repo, { imageIds: [id] }).images[0],
    (id) => imageNotFound(id, repo.name, world.accountId),
  );
}

export function describeImages(world: World, input: JsonObject) {
  const repo = findRepository(world, input);
  if (input.imageIds && input.maxResults !== undefined) {
    throw invalidParameter('maxResults can not be used with imageIds.');
  }
  const { images, failures } = selectImages(world, repo, input);
  if (failures.length) {
    throw imageNotFound(failures[0]?.imageId, repo.name, world.accountId);
  }
  const tagStatus =
    optEnum(optObject(input, 'filter') ?? {}, 'tagStatus', ['TAGGED', 'UNTAGGED', 'ANY']) ?? 'ANY';
  const filtered = images.filter(
    (image) =>
      tagStatus === 'ANY' ||
      (tagStatus === 'TAGGED' ? image.tags.length > 0 : image.tags.length === 0),
  );
  const { page, nextToken } = paginate(filtered, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 100,
    limit: 1000,
    query: `di:${repo.name}:${tagStatus}`,
  });
  return {
    imageDetails: page.map((image) => imageDetail(repo, image)),
    ...(nextToken ? { nextToken } : {}),
  };
}

export function listImages(world: World, input: JsonObject) {
  const repo = findRepository(world, input);
  const tagStatus =
    optEnum(optObject(input, 'filter') ?? {}, 'tagStatus', ['TAGGED', 'UNTAGGED', 'ANY']) ?? 'ANY';
  const ids = [...repo.images.values()].flatMap((image) => {
    if (image.tags.length === 0)
      return tagStatus === 'TAGGED' ? [] : [{ imageDigest: image.digest }];
    if (tagStatus === 'UNTAGGED') return [];
    return image.tags.map((imageTag) => ({ imageDigest: image.digest, imageTag }));
  });
  const { page, nextToken } = paginate(ids, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 100,
    limit: 1000,
    query: `li:${repo.name}:${tagStatus}`,
  });
  return { imageIds: page, ...(nextToken ? { nextToken } : {}) };
}

export function batchGetImage(world: World, input: JsonObject) {
  const repo = findRepository(world, input);
  if (!input.imageIds) throw invalidParameter('imageIds can not be empty.');
  const { images, askedTags, failures } = selectImages(world, repo, input);
  return {
    images: images.map((image, i) => ({
      registryId: repo.registryId,
      repositoryName: repo.name,
      // The tag it was asked by; asked by digest, no tag (as ECR answers).
      imageId: { imageDigest: image.digest, ...(askedTags[i] ? { imageTag: askedTags[i] } : {}) },
      imageManifest: image.manifest,
      imageManifestMediaType: image.mediaType,
    })),
    failures,
  };
}

/** Stores a manifest under its sha256 digest and points `imageTag` at it, as a push does. */
export function pushImage(
  world: World,
  repo: Repository,
  manifest: string,
  tag: string | undefined,
  mediaType?: string,
): EcrImage {
  const digest = `sha256:${sha256(manifest)}`;
  const existing = repo.images.get(digest);
  if (existing && tag && existing.tags.includes(tag)) {
    throw imageAlreadyExists(digest, tag, repo.name, world.accountId);
  }
  if (tag) {
    const holder = world.ecr.imageByTag(repo, tag);
    if (holder && holder !== existing) {
      if (repo.tagMutability === 'IMMUTABLE') {
        throw imageTagAlreadyExists(tag, repo.name);
      }
      holder.tags = holder.tags.filter((t) => t !== tag);
    }
  }
  const image: EcrImage = existing ?? {
    digest,
    manifest,
    mediaType: mediaType ?? manifestMediaType(manifest),
    sizeInBytes: manifestSize(manifest),
    tags: [],
    pushedAt: world.now(),
  };
  if (tag && !image.tags.includes(tag)) image.tags.push(tag);
  repo.images.set(digest, image);
  return image;
}

function manifestMediaType(manifest: string): string {
  try {
    const parsed = JSON.parse(manifest) as { mediaType?: unknown };
    if (typeof parsed.mediaType === 'string') return parsed.mediaType;
  } catch {
    // validated by the caller
  }
  return 'application/vnd.docker.distribution.manifest.v2+json';
}

function manifestSize(manifest: string): number {
  try {
    const parsed = JSON.parse(manifest) as {
      layers?: { size?: unknown }[];
      config?: { size?: unknown };
    };
    const layers = (parsed.layers ?? []).reduce(
      (sum, layer) => sum + (typeof layer.size === 'number' ? layer.size : 0),
      0,
    );
    return layers + (typeof parsed.config?.size === 'number' ? parsed.config.size : 0);
  } catch {
    return manifest.length;
  }
}

export function putImage(world: World, input: JsonObject) {
  const repo = findRepository(world, input);
  const manifest = reqString(input, 'imageManifest');
  try {
    JSON.parse(manifest);
  } catch {
    throw invalidManifest();
  }
  const givenDigest = optString(input, 'imageDigest');
  if (givenDigest && givenDigest !== `sha256:${sha256(manifest)}`) {
    throw imageDigestMismatch();
  }
  const image = pushImage(
    world,
    repo,
    manifest,
    optString(input, 'imageTag'),
    optString(input, 'imageManifestMediaType'),
  );
  return {
    image: {
      registryId: repo.registryId,
      repositoryName: repo.name,
      imageId: {
        imageDigest: image.digest,
        ...(input.imageTag ? { imageTag: input.imageTag } : {}),
      },
      imageManifest: image.manifest,
      imageManifestMediaType: image.mediaType,
    },
  };
}
