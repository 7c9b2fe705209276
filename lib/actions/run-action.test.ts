/**
 * The action template (runAction) with small specs of its own against the sandbox: how bad
 * input names its fields, how a target that cannot be resolved is told, what the attempt's audit
 * line says, and how a change done in part and an outcome the trail could not keep are told.
 */
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type * as RunAction from './run-action';
import type * as Audit from '../aws/audit';
import { configure, setupBerth } from '../tests/setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
let runAction: typeof RunAction.runAction;
let PartlyDone: typeof RunAction.PartlyDone;
let Refusal: typeof RunAction.Refusal;
let readAudit: typeof Audit.readAudit;
let parseAuditLine: typeof Audit.parseAuditLine;

beforeAll(async () => {
  ({ runAction, PartlyDone, Refusal } = await import('./run-action'));
  ({ readAudit, parseAuditLine } = await import('../aws/audit'));
});

afterEach(async () => {
  configure({ BERTH_AUDIT_REQUIRED: undefined });
  await berth.harness.admin('DELETE', '/_sandbox/faults');
});

const Input = z
  .strictObject({ service: z.string(), scaling: z.strictObject({ min: z.number() }) })
  .refine((input) => input.service !== 'both', 'Name one service, not both.');

/** A scale-like action on cruddur's `service` whose change is `perform`. */
const spec = (perform: () => Promise<{ message: string }>) => ({
  name: 'scale' as const,
  iamAction: 'ecs:UpdateService',
  schema: Input,
  target: (input: z.output<typeof Input>) => ({ cluster: 'cruddur', service: input.service }),
  perform,
});

describe('runAction', () => {
  it('names each bad field by its path, and the form for a rule over several', async () => {
    const done = () => Promise.resolve({ message: 'done' });
    expect(await runAction(spec(done), { service: 1, scaling: { min: 'one' } })).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: 'Invalid input: expected string, received number',
        fieldErrors: {
          service: ['Invalid input: expected string, received number'],
          'scaling.min': ['Invalid input: expected number, received string'],
        },
      },
    });
    expect(await runAction(spec(done), { service: 'both', scaling: { min: 1 } })).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: 'Name one service, not both.',
        fieldErrors: { form: ['Name one service, not both.'] },
      },
    });
  });

  it('tells a target that could not be resolved as the read it needed, and audits nothing', async () => {
    await berth.resetStats();
    const broken = {
      ...spec(() => Promise.resolve({ message: 'done' })),
      target: () => Promise.reject(new Error('socket hang up')),
    };
    expect(await runAction(broken, { service: 'backend-flask', scaling: { min: 1 } })).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: 'AWS failed to answer ecs:DescribeServices: socket hang up',
      },
    });
    expect((await berth.stats()).calls['logs:PutLogEvents']).toBeUndefined();
  });

  it('audits the attempt as "<action> requested" before the change, then its outcome', async () => {
    const marker = `scaled-${Date.now()}`;
    const result = await runAction(
      spec(() => Promise.resolve({ message: marker })),
      { service: 'frontend-react-js', scaling: { min: 2 } },
    );
    expect(result).toEqual({ ok: true, message: marker });
    const audit = await readAudit('cruddur', 'frontend-react-js');
    const id = audit.data.find((entry) => entry.message === marker)?.id;
    // Both lines of the action, as written (History shows one per action).
    const { events = [] } = await berth.harness.logs.send(
      new FilterLogEventsCommand({
        logGroupName: '/berth/audit',
        filterPattern: `{ $.id = "${id}" }`,
      }),
    );
    const [started, outcome] = events.map((event) => parseAuditLine(event.message ?? ''));
    expect([started?.outcome, started?.message, outcome?.outcome, outcome?.message]).toEqual([
      'started',
      'scale requested',
      'ok',
      marker,
    ]);
    // The default place: AWS_REGION named, no target of BERTH_TARGETS_FILE.
    expect([started?.region, 'target' in started!]).toEqual(['us-east-1', false]);
  });

  it('names every step done before the one that failed', async () => {
    const partly = new PartlyDone(
      ['Registered web:7', 'tagged it'],
      'deploying it failed',
      'ecs:UpdateService',
      Object.assign(new Error('User is not authorized to perform: ecs:UpdateService'), {
        name: 'AccessDeniedException',
      }),
    );
    expect([partly.name, partly.message]).toEqual([
      'PartlyDone',
      'Registered web:7; tagged it; deploying it failed',
    ]);
    expect(
      await runAction(
        spec(() => Promise.reject(partly)),
        { service: 'backend-flask', scaling: { min: 1 } },
      ),
    ).toEqual({
      ok: false,
      error: {
        code: 'access-denied',
        message:
          'Registered web:7; tagged it; deploying it failed: AWS refused ecs:UpdateService: the credentials Berth runs with need this IAM permission.',
        hint: 'Grant ecs:UpdateService to the role Berth runs as.',
      },
    });
  });

  it('returns a refusal as it was decided, named as one', async () => {
    const refusal = new Refusal({ code: 'forbidden', message: 'Not this one.' });
    expect(refusal.name).toBe('Refusal');
    const refused = {
      ...spec(() => Promise.resolve({ message: 'done' })),
      target: () => Promise.reject(refusal),
    };
    expect(await runAction(refused, { service: 'backend-flask', scaling: { min: 1 } })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Not this one.' },
    });
  });

  it('adds to a failure that its outcome could not be audited (BERTH_AUDIT_REQUIRED=0)', async () => {
    configure({ BERTH_AUDIT_REQUIRED: '0' });
    await berth.harness.admin('PUT', '/_sandbox/faults', { deny: ['logs:PutLogEvents'] });
    const failing = spec(() =>
      Promise.reject(
        Object.assign(new Error('Service is draining'), { name: 'InvalidParameterException' }),
      ),
    );
    expect(await runAction(failing, { service: 'backend-flask', scaling: { min: 1 } })).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message:
          'Service is draining (The outcome could not be added to the audit trail: AWS refused logs:PutLogEvents: the credentials Berth runs with need this IAM permission.)',
      },
    });
  });
  it('names the audit call AWS kept throttling, before the change and after it', async () => {
    await berth.harness.admin('PUT', '/_sandbox/faults', {
      throttleRate: 1,
      operations: ['logs:PutLogEvents'],
    });
    const throttled =
      'AWS is throttling logs:PutLogEvents and retries did not get through. Try again in a moment.';
    const input = { service: 'backend-flask', scaling: { min: 1 } };
    const done = spec(() => Promise.resolve({ message: 'Scaled.' }));
    expect(await runAction(done, input)).toEqual({
      ok: false,
      error: {
        code: 'audit-unavailable',
        message: `Berth changed nothing: the audit trail could not be written (${throttled}).`,
        hint: 'Let Berth write to /berth/audit (logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents), or set BERTH_AUDIT_REQUIRED=0 to act without an audit trail.',
      },
    });
    configure({ BERTH_AUDIT_REQUIRED: '0' });
    expect(await runAction(done, input)).toEqual({
      ok: true,
      message: `Scaled. (The outcome could not be added to the audit trail: ${throttled})`,
    });
  });
});
