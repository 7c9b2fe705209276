import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iamPolicy, OPERATIONS } from './iam';

/** Berth's own sources (tests and the sandbox left out): what runs in production. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'tests' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The operations the code sends: `new XCommand(` and `paginateX(`. */
function operationsSent(): Set<string> {
  const sent = new Set<string>();
  for (const file of [...sources('lib'), ...sources('app'), ...sources('components')]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(
      /new ([A-Z][A-Za-z]*)Command\(|paginate([A-Z][A-Za-z]*)\(/g,
    )) {
      sent.add(match[1] ?? match[2] ?? '');
    }
  }
  return sent;
}

describe('the IAM table', () => {
  it('names every operation the code sends, and none it does not', () => {
    const sent = [...operationsSent()].sort();
    expect(sent.length).toBeGreaterThan(20);
    expect(sent).toEqual(Object.keys(OPERATIONS).sort());
  });

  it('makes the read-only policy from reads alone, and adds changes and the audit trail for actions', () => {
    const readOnly = iamPolicy({ actions: false });
    expect(readOnly.Statement.map((s) => s.Sid)).toEqual(['BerthReads']);
    expect(readOnly.Statement[0]?.Action).toContain('ecr:DescribeImages');
    expect(readOnly.Statement[0]?.Action).not.toContain('ecs:UpdateService');
    const full = iamPolicy({ actions: true });
    expect(full.Statement.map((s) => s.Sid)).toEqual([
      'BerthReads',
      'BerthActs',
      'BerthPassesTaskRoles',
    ]);
    expect(full.Statement[2]).toEqual({
      Sid: 'BerthPassesTaskRoles',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: '*',
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
    expect(full.Statement[1]?.Action).toEqual([
      'ecs:UpdateService',
      'ecs:StopTask',
      'ecs:StopServiceDeployment',
      'ecs:UpdateClusterSettings',
      'ecs:RegisterTaskDefinition',
      'application-autoscaling:RegisterScalableTarget',
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(full.Statement.flatMap((s) => s.Action)).not.toContain('sts:AssumeRole');
  });

  it('grants sts:AssumeRole on exactly the roles a targets file names', () => {
    const roles = [
      'arn:aws:iam::333333333333:role/berth',
      'arn:aws:iam::222222222222:role/berth',
      'arn:aws:iam::333333333333:role/berth',
    ];
    const policy = iamPolicy({ actions: false, targetRoles: roles });
    expect(policy.Statement.slice(1)).toEqual([
      {
        Sid: 'BerthAssumesTargetRoles',
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Resource: ['arn:aws:iam::222222222222:role/berth', 'arn:aws:iam::333333333333:role/berth'],
      },
    ]);
    expect(policy.Statement[0]?.Action).not.toContain('sts:AssumeRole');
  });

  it('is the policy the README gives', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /IAM permissions \(`npm run iam-policy`[\s\S]*?```json\n([\s\S]*?)\n```/.exec(
      readme,
    );
    expect(JSON.parse(block?.[1] ?? 'null')).toEqual(iamPolicy({ actions: true }));
  });
});
