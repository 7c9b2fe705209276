/**
 * The CloudFormation template that runs Berth on ECS: it passes cfn-lint (installed on this
 * machine kind), and its task role is exactly the policy `npm run iam-policy` prints.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { iamPolicy } from '../lib/aws/iam';

const TEMPLATE = 'deploy/berth-on-ecs.yaml';

type Template = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};
const template = parse(readFileSync(TEMPLATE, 'utf8')) as Template;
const properties = (name: string) => template.Resources[name]?.Properties ?? {};

describe('deploy/berth-on-ecs.yaml', () => {
  it('passes cfn-lint', () => {
    const lint = spawnSync('cfn-lint', [TEMPLATE], { encoding: 'utf8' });
    expect(
      lint.error?.message,
      'cfn-lint must be installed (pip install cfn-lint)',
    ).toBeUndefined();
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
  });

  it("gives the task role the policy Berth's code needs, no more and no less", () => {
    const [policy] = properties('TaskRole').Policies as { PolicyDocument: unknown }[];
    expect(policy?.PolicyDocument).toEqual(iamPolicy({ actions: true }));
  });

  it('runs Berth behind the ALB sign-in, health-checked on /api/health', () => {
    const [container] = properties('TaskDefinition').ContainerDefinitions as {
      Environment: { Name: string; Value: unknown }[];
    }[];
    const environment = Object.fromEntries(
      container?.Environment.map((e) => [e.Name, e.Value]) ?? [],
    );
    expect(environment).toMatchObject({
      BERTH_AUTH: 'alb',
      BERTH_ALB_ARN: { Ref: 'LoadBalancer' },
      BERTH_OIDC_ISSUER: { Ref: 'OidcIssuer' },
      BERTH_OIDC_CLIENT_ID: { Ref: 'OidcClientId' },
      BERTH_PUBLIC_URL: { Ref: 'PublicUrl' },
    });
    expect(properties('TargetGroup').HealthCheckPath).toBe('/api/health');
    const actions = properties('HttpsListener').DefaultActions as { Type: string }[];
    expect(actions.map((a) => a.Type)).toEqual(['authenticate-oidc', 'forward']);
  });
});
