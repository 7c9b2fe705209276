import 'server-only';
import { time } from './time';
import {
  paginateDescribeImages,
  paginateDescribeRepositories,
  type ImageDetail,
  type Repository as SdkRepository,
} from '@aws-sdk/client-ecr';
import { ecr } from './clients';
import { KEYS } from './cache-keys';
import { readThrough, type Fetched } from './read-cache';

export interface Repository {
  name: string;
  uri: string;
  arn: string;
  tagMutability: string;
  scanOnPush: boolean;
  createdAt?: number;
}

export interface Image {
  digest: string;
  tags: string[];
  sizeBytes?: number;
  pushedAt?: number;
  lastPulledAt?: number;
  scanFindings?: Record<string, number>;
}

function toRepository(repo: SdkRepository): Repository {
  return {
    name: repo.repositoryName ?? '',
    uri: repo.repositoryUri ?? '',
    arn: repo.repositoryArn ?? '',
    tagMutability: repo.imageTagMutability ?? 'MUTABLE',
    scanOnPush: repo.imageScanningConfiguration?.scanOnPush ?? false,
    createdAt: time(repo.createdAt),
  };
}

function toImage(image: ImageDetail): Image {
  return {
    digest: image.imageDigest ?? '',
    tags: image.imageTags ?? [],
    sizeBytes: image.imageSizeInBytes,
    pushedAt: time(image.imagePushedAt),
    lastPulledAt: time(image.lastRecordedPullTime),
    scanFindings: image.imageScanFindingsSummary?.findingSeverityCounts,
  };
}

/** Every repository of the registry: DescribeRepositories pages of 1000. */
export function listRepositories(): Promise<Fetched<Repository[]>> {
  return readThrough(KEYS.repositories(), 'ecr:DescribeRepositories', async () => {
    const repos: Repository[] = [];
    for await (const page of paginateDescribeRepositories({ client: ecr(), pageSize: 1000 }, {})) {
      repos.push(...(page.repositories ?? []).map(toRepository));
    }
    return repos.sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** Images of a repository, newest push first: DescribeImages pages of 1000, capped at 5000. */
export function listImages(repository: string): Promise<Fetched<Image[]>> {
  return readThrough(KEYS.images(repository), 'ecr:DescribeImages', async () => {
    const images: Image[] = [];
    for await (const page of paginateDescribeImages(
      { client: ecr(), pageSize: 1000 },
      { repositoryName: repository },
    )) {
      images.push(...(page.imageDetails ?? []).map(toImage));
      if (images.length >= 5000) break;
    }
    return images.sort((a, b) => (b.pushedAt ?? 0) - (a.pushedAt ?? 0));
  });
}

/** `<registry>/<repo>:<tag>` or `@sha256:...` of an ECR image reference, if it is one. */
export function parseImage(image: string): {
  repositoryUri: string;
  tag?: string;
  digest?: string;
} {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const slash = withoutDigest.lastIndexOf('/');
  const tagged = colon > slash;
  return {
    repositoryUri: tagged ? withoutDigest.slice(0, colon) : withoutDigest,
    tag: tagged ? withoutDigest.slice(colon + 1) : digest ? undefined : 'latest',
    digest,
  };
}
