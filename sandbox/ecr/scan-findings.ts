/**
 * Basic scanning as ECR does it for a repository with scan-on-push: every pushed image has a
 * completed scan, whose findings DescribeImageScanFindings lists (a page at a time) and whose
 * counts DescribeImages summarizes. The findings are the sandbox's own (ids CVE-2026-1xxxx),
 * the same for every image, so tests and screenshots are stable.
 */
import { AwsError, invalidParameter } from '../errors.js';
import { isObject, optNumber, optObject, optString } from '../input.js';
import type { World } from '../world.js';
import { epochSeconds, paginate, type JsonObject } from '../wire.js';
import type { EcrImage, Repository } from './store.js';

interface Finding {
  name: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  packageName: string;
  packageVersion: string;
  description: string;
}

const FINDINGS: Finding[] = [
  {
    name: 'CVE-2026-10001',
    severity: 'MEDIUM',
    packageName: 'openssl',
    packageVersion: '3.0.11-1~deb12u2',
    description: 'A crafted certificate can make certificate verification use excessive CPU.',
  },
  {
    name: 'CVE-2026-10002',
    severity: 'MEDIUM',
    packageName: 'zlib',
    packageVersion: '1:1.2.13.dfsg-1',
    description: 'A long extra field in a gzip header overflows a buffer in inflateGetHeader.',
  },
  ...(
    [
      [
        'CVE-2026-10003',
        'libc6',
        '2.36-9+deb12u3',
        'A race in the resolver can return stale answers.',
      ],
      [
        'CVE-2026-10004',
        'perl-base',
        '5.36.0-7+deb12u1',
        'A regex with nested quantifiers can take exponential time.',
      ],
      [
        'CVE-2026-10005',
        'tar',
        '1.34+dfsg-1.2',
        'Extended headers can allocate more memory than the archive holds.',
      ],
      [
        'CVE-2026-10006',
        'ncurses-base',
        '6.4-4',
        'A malformed terminfo entry can read past its end.',
      ],
      [
        'CVE-2026-10007',
        'login',
        '1:4.13+dfsg1-1',
        'su can leak a controlling terminal to the target user.',
      ],
    ] as const
  ).map(([name, packageName, packageVersion, description]) => ({
    name,
    severity: 'LOW' as const,
    packageName,
    packageVersion,
    description,
  })),
];

/** DescribeImages' imageScanFindingsSummary severity counts, from the findings themselves. */
export function severityCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of FINDINGS) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}

/** When the scan of `image` completed: half a minute after its push. */
export const scanCompletedAt = (image: EcrImage) => image.pushedAt + 30_000;

const scanNotFound = (imageId: JsonObject, repo: Repository) =>
  new AwsError(
    'ScanNotFoundException',
    `Image scan does not exist for the image with '${JSON.stringify(imageId)}' in the repository with name '${repo.name}' in the registry with id '${repo.registryId}'`,
  );

export function describeImageScanFindings(
  world: World,
  repo: Repository,
  input: JsonObject,
  find: (id: JsonObject) => EcrImage | undefined,
  notFound: (id: JsonObject) => AwsError,
) {
  const imageId = optObject(input, 'imageId');
  if (!imageId || !isObject(imageId) || (!imageId.imageDigest && !imageId.imageTag)) {
    throw invalidParameter('imageId must name an imageDigest or an imageTag.');
  }
  const image = find(imageId);
  if (!image) throw notFound(imageId);
  if (!repo.scanOnPush) throw scanNotFound(imageId, repo);
  const { page, nextToken } = paginate(FINDINGS, {
    nextToken: optString(input, 'nextToken'),
    maxResults: optNumber(input, 'maxResults'),
    defaultMax: 100,
    limit: 1000,
    query: `disf:${repo.name}:${image.digest}`,
  });
  return {
    registryId: repo.registryId,
    repositoryName: repo.name,
    imageId: {
      imageDigest: image.digest,
      ...(imageId.imageTag ? { imageTag: imageId.imageTag } : {}),
    },
    imageScanStatus: { status: 'COMPLETE', description: 'The scan was completed successfully.' },
    imageScanFindings: {
      imageScanCompletedAt: epochSeconds(scanCompletedAt(image)),
      vulnerabilitySourceUpdatedAt: epochSeconds(image.pushedAt),
      findingSeverityCounts: severityCounts(),
      findings: page.map((finding) => ({
        name: finding.name,
        description: finding.description,
        uri: `https://security-tracker.debian.org/tracker/${finding.name}`,
        severity: finding.severity,
        attributes: [
          { key: 'package_name', value: finding.packageName },
          { key: 'package_version', value: finding.packageVersion },
        ],
      })),
    },
    ...(nextToken ? { nextToken } : {}),
  };
}
