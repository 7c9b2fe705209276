/**
 * The register form's check (previewTaskDefinition) against the sandbox: the diff a person
 * reads before registering, exactly as it is shown, for a new family and for a change to the
 * latest revision; and AWS's refusal as a message, not a raw error.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Preview from './preview-task-definition';
import type * as Ecs from '../aws/ecs';
import { setupBerth } from '../tests/setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
let previewTaskDefinition: typeof Preview.previewTaskDefinition;
let getTaskDefinition: typeof Ecs.getTaskDefinition;

beforeAll(async () => {
  ({ previewTaskDefinition } = await import('./preview-task-definition'));
  ({ getTaskDefinition } = await import('../aws/ecs'));
});

afterEach(() => berth.harness.admin('DELETE', '/_sandbox/faults'));

const minimal = {
  family: 'brand-new',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'nginx:1.27', essential: true }],
};

describe('previewTaskDefinition', () => {
  it('shows a new family as one added file, headed by its name', async () => {
    const preview = await previewTaskDefinition({ json: JSON.stringify(minimal) });
    if (!preview.ok) throw new Error(preview.message ?? 'no preview');
    expect(preview.family).toBe('brand-new');
    expect(preview.latest).toBeUndefined();
    const lines = preview.diff.split('\n');
    // Headers without a tab: no old or new header was given.
    expect(lines.slice(0, 4)).toEqual([
      '===================================================================',
      '--- (new family)',
      '+++ brand-new',
      `@@ -0,0 +1,${lines.length - 5} @@`,
    ]);
    // Every line is added; none is removed (the old side is empty).
    expect(lines.slice(4, -1).every((line) => line.startsWith('+'))).toBe(true);
    expect(lines.slice(4, 6)).toEqual(['+{', '+  "family": "brand-new",']);
    expect(lines.at(-1)).toBe('');
  });

  it('diffs a change against the latest revision with three lines of context', async () => {
    const latest = await getTaskDefinition('frontend-react-js:1');
    const changed = structuredClone(latest.registration) as {
      containerDefinitions: { image?: string }[];
    };
    changed.containerDefinitions[0]!.image = 'frontend-react-js:v2';
    const preview = await previewTaskDefinition({ json: JSON.stringify(changed) });
    if (!preview.ok) throw new Error(preview.message ?? 'no preview');
    expect(preview.latest).toBe('frontend-react-js:1');
    const lines = preview.diff.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '===================================================================',
      // Revisions, not files: no date or other header after the names.
      '--- frontend-react-js:1',
      '+++ frontend-react-js:new',
    ]);
    const hunk = lines.slice(3, -1);
    expect(hunk[0]).toMatch(/^@@ -\d+,7 \+\d+,7 @@$/);
    expect(hunk.filter((line) => /^[-+]/.test(line))).toEqual([
      `-      "image": "${latest.containers[0]!.image}",`,
      '+      "image": "frontend-react-js:v2",',
    ]);
    // Three lines of context each side of the one changed line.
    expect(hunk.slice(1).map((line) => line[0])).toEqual([' ', ' ', ' ', '-', '+', ' ', ' ', ' ']);
  });

  it('says which call AWS kept refusing, and shows no diff', async () => {
    const latest = await getTaskDefinition('frontend-react-js:1');
    // A family whose latest revision Berth has not read (and cached) yet.
    const json = JSON.stringify({ ...latest.registration, family: 'backend-flask' });
    await berth.harness.admin('PUT', '/_sandbox/faults', {
      throttleRate: 1,
      operations: ['ecs:DescribeTaskDefinition'],
    });
    expect(await previewTaskDefinition({ json })).toEqual({
      ok: false,
      problems: [],
      message:
        'AWS is throttling ecs:DescribeTaskDefinition and retries did not get through. Try again in a moment.',
    });
  });
});
