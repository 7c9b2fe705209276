/**
 * SANDBOX_SEED=multi: a world per account and region, reached as AWS reaches them, by the
 * credential scope's region and the key's account, with STS handing out keys of another account.
 */
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import type { STSServiceException } from '@aws-sdk/client-sts';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { setupSandbox } from './harness.js';

// At speed 900 a 900 s session lasts one real second.
const h = setupSandbox({ seed: 'multi', speed: 900 });
const base = { accessKeyId: 'AKIDBASE', secretAccessKey: 'secret' };

const client = <T>(Client: new (config: object) => T, region: string, credentials: object = base) =>
  new Client({ endpoint: h.sandbox.url, region, credentials });

const clusterNames = async (region: string, credentials?: object) => {
  const { clusterArns = [] } = await client(ECSClient, region, credentials).send(
    new ListClustersCommand({}),
  );
  return clusterArns;
};

async function assume(externalId: string | undefined, duration = 900) {
  const sts = client(STSClient, 'us-east-1');
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: 'arn:aws:iam::222222222222:role/berth',
      RoleSessionName: 'alice@example.com',
      ExternalId: externalId,
      DurationSeconds: duration,
    }),
  );
  return {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
    expiration: Credentials!.Expiration!,
  };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'succeeded',
    (error: unknown) =>
      error instanceof Error
        ? `${error.name} ${(error as STSServiceException).$metadata?.httpStatusCode}: ${error.message}`
        : String(error),
  );

describe('a sandbox of two accounts', () => {
  it('answers a base key from account 111111111111, whose ca-central-1 holds cruddur', async () => {
    expect(await clusterNames('ca-central-1')).toEqual([
      'arn:aws:ecs:ca-central-1:111111111111:cluster/cruddur',
    ]);
    expect(await clusterNames('us-east-1')).toEqual([]);
    const identity = await client(STSClient, 'ca-central-1').send(new GetCallerIdentityCommand({}));
    expect([identity.Account, identity.Arn]).toEqual([
      '111111111111',
      'arn:aws:iam::111111111111:user/berth',
    ]);
  });

  it('hands out keys of 222222222222 by AssumeRole, whose us-east-1 holds cruddur-staging', async () => {
    const keys = await assume('berth-sandbox');
    expect(keys.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const expiresIn = keys.expiration.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(1000);
    expect(await clusterNames('us-east-1', keys)).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:cluster/cruddur-staging',
    ]);
    expect(await clusterNames('ca-central-1', keys)).toEqual([]);
    const identity = await client(STSClient, 'us-east-1', keys).send(
      new GetCallerIdentityCommand({}),
    );
    expect([identity.Account, identity.Arn]).toEqual([
      '222222222222',
      'arn:aws:sts::222222222222:assumed-role/berth/alice@example.com',
    ]);
    const { byWorld } = await h.admin<{ byWorld: Record<string, Record<string, number>> }>(
      'GET',
      '/_sandbox/stats',
    );
    expect(byWorld['222222222222/us-east-1']?.['ecs:ListClusters']).toBe(1);
  });

  it('refuses a key once its session has expired, and a temporary key it never issued', async () => {
    const keys = await assume('berth-sandbox');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await failure(clusterNames('us-east-1', keys))).toBe(
      'ExpiredTokenException 400: The security token included in the request is expired',
    );
    expect(
      await failure(
        clusterNames('us-east-1', {
          ...base,
          accessKeyId: 'ASIAAAAAAAAAAAAAAAAA',
          sessionToken: 't',
        }),
      ),
    ).toBe(
      'UnrecognizedClientException 400: The security token included in the request is invalid.',
    );
  });

  it('refuses a wrong or missing external id, and a role in an unknown account', async () => {
    const denied =
      'AccessDenied 403: User: arn:aws:iam::111111111111:user/berth is not authorized to perform: sts:AssumeRole on resource: ';
    expect(await failure(assume('berth-other'))).toBe(
      `${denied}arn:aws:iam::222222222222:role/berth`,
    );
    expect(await failure(assume(undefined))).toBe(`${denied}arn:aws:iam::222222222222:role/berth`);
    const sts = client(STSClient, 'us-east-1');
    expect(
      await failure(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: 'arn:aws:iam::333333333333:role/berth',
            RoleSessionName: 'berth',
          }),
        ),
      ),
    ).toBe(`${denied}arn:aws:iam::333333333333:role/berth`);
    expect(await failure(assume('x'))).toBe(
      "ValidationError 400: 1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
    expect(await failure(assume('berth-sandbox', 7200))).toBe(
      'ValidationError 400: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    expect(await failure(assume('berth-sandbox', 60))).toBe(
      "ValidationError 400: 1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });

  it('keeps keys valid across a reset', async () => {
    const keys = await assume('berth-sandbox', 3600);
    await h.admin('POST', '/_sandbox/reset', {});
    expect(await clusterNames('us-east-1', keys)).toEqual([
      'arn:aws:ecs:us-east-1:222222222222:cluster/cruddur-staging',
    ]);
  });
});
