/**
 * ECS account settings, capacity providers, services by namespace and task sets; ECR image
 * deletion, lifecycle policies and tags — through the real SDK clients, on the Cruddur seed.
 */
import {
  BatchDeleteImageCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr';
import {
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeTaskSetsCommand,
  ListAccountSettingsCommand,
  ListServicesByNamespaceCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { setupSandbox } from './harness.js';

const h = setupSandbox();
const ACCOUNT = '123456789012';

describe('ECS account', () => {
  it('lists the account settings with their defaults, one by name on request', async () => {
    const { settings = [] } = await h.ecs.send(new ListAccountSettingsCommand({ maxResults: 10 }));
    expect(settings.map((s) => `${s.name}=${s.value}`)).toEqual([
      'awsvpcTrunking=disabled',
      'containerInsights=disabled',
      'containerInstanceLongArnFormat=enabled',
      'defaultLogDriverMode=non-blocking',
      'fargateFIPSMode=disabled',
      'fargateTaskRetirementWaitPeriod=7',
      'guardDutyActivate=off',
      'serviceLongArnFormat=enabled',
      'tagResourceAuthorization=on',
      'taskLongArnFormat=enabled',
    ]);
    const one = await h.ecs.send(new ListAccountSettingsCommand({ name: 'containerInsights' }));
    expect(one.settings).toEqual([
      {
        name: 'containerInsights',
        value: 'disabled',
        principalArn: `arn:aws:iam::${ACCOUNT}:root`,
        type: 'aws_managed',
      },
    ]);
    await expect(
      h.ecs.send(new ListAccountSettingsCommand({ value: 'enabled' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('describes the Fargate capacity providers, with a failure for one that does not exist', async () => {
    const { capacityProviders = [], failures = [] } = await h.ecs.send(
      new DescribeCapacityProvidersCommand({ capacityProviders: ['FARGATE_SPOT', 'gpu-fleet'] }),
    );
    expect(capacityProviders.map((p) => [p.name, p.status, p.capacityProviderArn])).toEqual([
      ['FARGATE_SPOT', 'ACTIVE', `arn:aws:ecs:us-east-1:${ACCOUNT}:capacity-provider/FARGATE_SPOT`],
    ]);
    expect(failures).toEqual([
      { arn: `arn:aws:ecs:us-east-1:${ACCOUNT}:capacity-provider/gpu-fleet`, reason: 'MISSING' },
    ]);
  });

  it('lists the services of a Service Connect namespace, by ARN or name', async () => {
    const { clusters = [] } = await h.ecs.send(
      new DescribeClustersCommand({ clusters: ['cruddur'] }),
    );
    const namespace = clusters[0]?.serviceConnectDefaults?.namespace ?? '';
    const byArn = await h.ecs.send(new ListServicesByNamespaceCommand({ namespace }));
    expect(byArn.serviceArns?.map((arn) => arn.split('/').slice(1).join('/')).sort()).toEqual([
      'cruddur/backend-flask',
      'cruddur/frontend-react-js',
    ]);
    const byName = await h.ecs.send(new ListServicesByNamespaceCommand({ namespace: 'cruddur' }));
    expect(byName.serviceArns).toEqual(byArn.serviceArns);
    await expect(
      h.ecs.send(new ListServicesByNamespaceCommand({ namespace: 'nowhere' })),
    ).rejects.toMatchObject({ name: 'NamespaceNotFoundException' });
  });

  it('refuses task sets on a service of the ECS deployment controller', async () => {
    await expect(
      h.ecs.send(new DescribeTaskSetsCommand({ cluster: 'cruddur', service: 'backend-flask' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        'Amazon ECS only supports task set management on services configured to use external deployment controllers.',
    });
  });
});

describe('ECR images, lifecycle policy and tags', () => {
  const tagsOf = async () =>
    (await h.ecr.send(new DescribeImagesCommand({ repositoryName: 'backend-flask' }))).imageDetails
      ?.map((d) => (d.imageTags ?? []).join(','))
      .sort();

  it('deletes a tag alone while the image has others, and the image by digest', async () => {
    expect(await tagsOf()).toEqual(['broken', 'latest,v2', 'v1']);
    const byTag = await h.ecr.send(
      new BatchDeleteImageCommand({
        repositoryName: 'backend-flask',
        imageIds: [{ imageTag: 'latest' }, { imageTag: 'v9' }],
      }),
    );
    expect(byTag.imageIds?.map((id) => id.imageTag)).toEqual(['latest']);
    expect(byTag.failures?.map((f) => [f.imageId?.imageTag, f.failureCode])).toEqual([
      ['v9', 'ImageNotFound'],
    ]);
    expect(await tagsOf()).toEqual(['broken', 'v1', 'v2']);
    const { imageDetails = [] } = await h.ecr.send(
      new DescribeImagesCommand({
        repositoryName: 'backend-flask',
        imageIds: [{ imageTag: 'broken' }],
      }),
    );
    const digest = imageDetails[0]?.imageDigest;
    const byDigest = await h.ecr.send(
      new BatchDeleteImageCommand({
        repositoryName: 'backend-flask',
        imageIds: [{ imageDigest: digest }],
      }),
    );
    expect(byDigest.imageIds).toEqual([{ imageDigest: digest, imageTag: 'broken' }]);
    expect(await tagsOf()).toEqual(['v1', 'v2']);
  });

  it("reads the backend's lifecycle policy and says when a repository has none", async () => {
    const policy = await h.ecr.send(
      new GetLifecyclePolicyCommand({ repositoryName: 'backend-flask' }),
    );
    expect(JSON.parse(policy.lifecyclePolicyText ?? '{}')).toMatchObject({
      rules: [
        { rulePriority: 1, selection: { tagStatus: 'untagged', countNumber: 7 } },
        { rulePriority: 2 },
      ],
    });
    await expect(
      h.ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'frontend-react-js' })),
    ).rejects.toMatchObject({ name: 'LifecyclePolicyNotFoundException' });
  });

  it("lists a repository's tags by its ARN", async () => {
    const { repositories = [] } = await h.ecr.send(
      new DescribeRepositoriesCommand({ repositoryNames: ['frontend-react-js'] }),
    );
    const { tags } = await h.ecr.send(
      new ListTagsForResourceCommand({ resourceArn: repositories[0]?.repositoryArn }),
    );
    expect(tags).toEqual([{ Key: 'app', Value: 'cruddur' }]);
    await expect(
      h.ecr.send(
        new ListTagsForResourceCommand({
          resourceArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/nope`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
  });
});
