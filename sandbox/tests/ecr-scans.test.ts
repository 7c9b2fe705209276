/** ECR basic scanning with the real SDK: findings a page at a time, and the errors ECR gives. */
import {
  CreateRepositoryCommand,
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  ImageNotFoundException,
  PutImageCommand,
  ScanNotFoundException,
  paginateDescribeImageScanFindings,
} from '@aws-sdk/client-ecr';
import { describe, expect, it } from 'vitest';
import { setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });

describe('DescribeImageScanFindings', () => {
  it('lists a scanned image’s findings, a page at a time, matching its summary', async () => {
    const first = await h.ecr.send(
      new DescribeImageScanFindingsCommand({
        repositoryName: 'backend-flask',
        imageId: { imageTag: 'latest' },
        maxResults: 3,
      }),
    );
    expect(first.imageId?.imageTag).toBe('latest');
    expect(first.imageId?.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(first.imageScanStatus).toEqual({
      status: 'COMPLETE',
      description: 'The scan was completed successfully.',
    });
    expect(first.imageScanFindings?.findings).toHaveLength(3);
    expect(first.imageScanFindings?.findings?.[0]).toEqual({
      name: 'CVE-2026-10001',
      description: 'A crafted certificate can make certificate verification use excessive CPU.',
      uri: 'https://security-tracker.debian.org/tracker/CVE-2026-10001',
      severity: 'MEDIUM',
      attributes: [
        { key: 'package_name', value: 'openssl' },
        { key: 'package_version', value: '3.0.11-1~deb12u2' },
      ],
    });
    expect(first.nextToken).toBeDefined();

    const all = [];
    for await (const page of paginateDescribeImageScanFindings(
      { client: h.ecr, pageSize: 3 },
      { repositoryName: 'backend-flask', imageId: { imageTag: 'latest' } },
    )) {
      all.push(...(page.imageScanFindings?.findings ?? []));
    }
    const counts: Record<string, number> = {};
    for (const finding of all) counts[finding.severity!] = (counts[finding.severity!] ?? 0) + 1;
    const { imageDetails = [] } = await h.ecr.send(
      new DescribeImagesCommand({
        repositoryName: 'backend-flask',
        imageIds: [{ imageTag: 'latest' }],
      }),
    );
    expect(counts).toEqual({ MEDIUM: 2, LOW: 5 });
    expect(imageDetails[0]?.imageScanFindingsSummary?.findingSeverityCounts).toEqual(counts);
  });

  it('answers an unknown image and an unscanned repository as ECR does', async () => {
    const unknown = await h.ecr
      .send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'backend-flask',
          imageId: { imageTag: 'nope' },
        }),
      )
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ImageNotFoundException);

    await h.ecr.send(new CreateRepositoryCommand({ repositoryName: 'unscanned' }));
    await h.ecr.send(
      new PutImageCommand({
        repositoryName: 'unscanned',
        imageTag: 'v1',
        imageManifest: JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          layers: [{ size: 1, digest: `sha256:${'1'.repeat(64)}` }],
        }),
      }),
    );
    const unscanned = await h.ecr
      .send(
        new DescribeImageScanFindingsCommand({
          repositoryName: 'unscanned',
          imageId: { imageTag: 'v1' },
        }),
      )
      .catch((e: unknown) => e);
    expect(unscanned).toBeInstanceOf(ScanNotFoundException);
    expect((unscanned as Error).message).toBe(
      `Image scan does not exist for the image with '{"imageTag":"v1"}' in the repository with name 'unscanned' in the registry with id '123456789012'`,
    );
  });
});
