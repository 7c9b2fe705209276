import 'server-only';
import { time } from './time';
import {
  paginateDescribeImages,
  paginateDescribeImageScanFindings,
  paginateDescribeRepositories,
  type ImageDetail,
  type Repository as SdkRepository,
} from '@aws-sdk/client-ecr';
import { ecr } from './clients';
import { KEYS } from './cache-keys';
import { readThrough, type Fetched } from './read-cache';
import { severityRank } from '../ecr/severity';

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

export interface ScanFinding {
  name: string;
  severity: string;
  description?: string;
  uri?: string;
  packageName?: string;
  packageVersion?: string;
}

/**
 * The basic scan findings of one image, most severe first: DescribeImageScanFindings pages of
 * 1000. A digest's findings change only when it is scanned again, so they are kept 10 minutes.
 * Null when the image has no scan (ScanNotFoundException).
 */
export function getScanFindings(
  repository: string,
  digest: string,
): Promise<Fetched<ScanFinding[] | null>> {
  return readThrough(
    KEYS.scanFindings(repository, digest),
    'ecr:DescribeImageScanFindings',
    async () => {
      const findings: ScanFinding[] = [];
      try {
        for await (const page of paginateDescribeImageScanFindings(
          { client: ecr(), pageSize: 1000 },
          { repositoryName: repository, imageId: { imageDigest: digest } },
        )) {
          for (const finding of page.imageScanFindings?.findings ?? []) {
            const attribute = (key: string) =>
              finding.attributes?.find((a) => a.key === key)?.value;
            findings.push({
              name: finding.name ?? '',
              severity: finding.severity ?? 'UNDEFINED',
              description: finding.description,
              uri: finding.uri,
              packageName: attribute('package_name'),
              packageVersion: attribute('package_version'),
            });
          }
        }
      } catch (error) {
        if (error instanceof Error && error.name === 'ScanNotFoundException') return null;
        throw error;
      }
      return findings.sort(
        (a, b) =>
          severityRank(a.severity) - severityRank(b.severity) || a.name.localeCompare(b.name),
      );
    },
    { ttlMs: 10 * 60_000 },
  );
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
