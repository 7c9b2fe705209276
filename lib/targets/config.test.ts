import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { implicitTarget, parseTargets } from './config';

const problems = (yaml: string) => {
  try {
    parseTargets(yaml, 'targets.yaml');
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('the targets file', () => {
  it('reads the README example, YAML or JSON', () => {
    const yaml = `
targets:
  - { name: prod, regions: [ca-central-1], color: red }
  - name: staging
    roleArn: "arn:aws:iam::222222222222:role/berth"
    externalId: berth-staging
    regions: [us-east-1, ca-central-1]
  - { name: dev, profile: dev, regions: [eu-west-1] }
`;
    expect(parseTargets(yaml, 'targets.yaml')).toEqual([
      { name: 'prod', regions: ['ca-central-1'], color: 'red', implicit: false },
      {
        name: 'staging',
        roleArn: 'arn:aws:iam::222222222222:role/berth',
        externalId: 'berth-staging',
        regions: ['us-east-1', 'ca-central-1'],
        implicit: false,
      },
      { name: 'dev', profile: 'dev', regions: ['eu-west-1'], implicit: false },
    ]);
    expect(parseTargets('{"targets":[{"name":"prod","regions":["us-east-1"]}]}', 't.json')).toEqual(
      [{ name: 'prod', regions: ['us-east-1'], implicit: false }],
    );
  });

  it('names the path and every problem', () => {
    expect(
      problems(`
targets:
  - { name: Prod, regions: [] }
  - { name: staging, regions: [us-east-1, us-east-1], color: purple, externalId: x }
  - { name: both, regions: [us-east-1], profile: p, roleArn: "arn:aws:iam::222222222222:role/berth" }
  - { name: arn, regions: [us-east-1], roleArn: "arn:aws:iam::2222:role/berth", extra: 1 }
`),
    ).toBe(
      [
        'BERTH_TARGETS_FILE targets.yaml is not valid:',
        '  - targets.0.name: a target name is 1–32 lower-case letters, digits and hyphens (it is part of every URL), e.g. prod',
        '  - targets.0.regions: list at least one region, e.g. regions: [ca-central-1]',
        '  - targets.1.regions: a region is listed twice',
        '  - targets.1.color: color must be one of red, orange, amber, green, teal, sky, blue, violet, pink, slate',
        '  - targets.1.externalId: externalId must be 2–1,224 letters, digits or +=,.@:/- (AWS refuses anything else)',
        '  - targets.2: give a profile or a roleArn, not both (a role is assumed from the default chain)',
        '  - targets.3.roleArn: roleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>',
        '  - targets.3: Unrecognized key: "extra"',
      ].join('\n'),
    );
    expect(
      problems(
        'targets:\n  - { name: a, regions: [us-east-1], profile: p, roleArn: "arn:aws:iam::222222222222:role/berth" }',
      ),
    ).toBe(
      'BERTH_TARGETS_FILE targets.yaml is not valid:\n  - targets.0: give a profile or a roleArn, not both (a role is assumed from the default chain)',
    );
    expect(problems('targets:\n  - { name: a, regions: [us-east-1], externalId: abc }')).toBe(
      'BERTH_TARGETS_FILE targets.yaml is not valid:\n  - targets.0.externalId: externalId is sent when assuming a role: it needs roleArn',
    );
    expect(
      problems(
        'targets:\n  - { name: a, regions: [us-east-1] }\n  - { name: a, regions: [us-west-2] }',
      ),
    ).toBe(
      'BERTH_TARGETS_FILE targets.yaml is not valid:\n  - (top level): two targets have the same name',
    );
    expect(problems('targets: [')).toMatch(
      /^BERTH_TARGETS_FILE targets.yaml is not YAML or JSON: /,
    );
    expect(problems('targets: []')).toBe(
      'BERTH_TARGETS_FILE targets.yaml is not valid:\n  - targets: list at least one target',
    );
  });

  it('stops start-up on a bad or missing file, and without one keeps today’s single place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-targets-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'targets:\n  - { name: prod }');
    expect(() => parseEnv({ BERTH_TARGETS_FILE: bad })).toThrow(
      `BERTH_TARGETS_FILE ${bad} is not valid:\n  - targets.0.regions: Invalid input: expected array, received undefined`,
    );
    expect(() => parseEnv({ BERTH_TARGETS_FILE: join(dir, 'missing.yaml') })).toThrow(
      `BERTH_TARGETS_FILE ${join(dir, 'missing.yaml')} cannot be read`,
    );
    expect(parseEnv({ AWS_REGION: 'ca-central-1' }).targets).toEqual([
      implicitTarget('ca-central-1'),
    ]);
    expect(implicitTarget('ca-central-1')).toEqual({
      name: 'default',
      regions: ['ca-central-1'],
      implicit: true,
    });
  });
});
