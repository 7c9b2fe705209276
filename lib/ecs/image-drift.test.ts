import { describe, expect, it } from 'vitest';
import { deployment } from './fixtures';
import { ecrRepositoryName, imageDrift } from './image-drift';

const PUSHED = 1_000_000;
const tag = { digest: 'sha256:new', pushedAt: PUSHED };

describe('imageDrift', () => {
  it('names the new digest when tasks run an older one', () => {
    expect(imageDrift(tag, ['sha256:old'], deployment())).toEqual({ tagDigest: 'sha256:new' });
    expect(imageDrift(tag, ['sha256:new', 'sha256:old'], deployment())).toEqual({
      tagDigest: 'sha256:new',
    });
  });

  it('is nothing when the tasks run the tag’s digest, or the tag is unknown', () => {
    expect(imageDrift(tag, ['sha256:new'], deployment())).toBeUndefined();
    expect(imageDrift(tag, [], deployment())).toBeUndefined();
    expect(imageDrift(undefined, ['sha256:old'], deployment())).toBeUndefined();
  });

  it('is nothing while a rollout that started after the push pulls it', () => {
    const rolling = (createdAt: number) => deployment({ rolloutState: 'IN_PROGRESS', createdAt });
    expect(imageDrift(tag, ['sha256:old'], rolling(PUSHED))).toBeUndefined();
    expect(imageDrift(tag, ['sha256:old'], rolling(PUSHED + 1))).toBeUndefined();
    // A rollout that started before the push pulls the old digest: still drift.
    expect(imageDrift(tag, ['sha256:old'], rolling(PUSHED - 1))).toEqual({
      tagDigest: 'sha256:new',
    });
    expect(imageDrift({ digest: 'sha256:new' }, ['sha256:old'], rolling(PUSHED))).toEqual({
      tagDigest: 'sha256:new',
    });
    expect(
      imageDrift(tag, ['sha256:old'], deployment({ rolloutState: 'COMPLETED', createdAt: PUSHED })),
    ).toEqual({ tagDigest: 'sha256:new' });
  });
});

describe('ecrRepositoryName', () => {
  it.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/backend-flask', 'backend-flask'],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/app', 'team/app'],
    ['public.ecr.aws/xray/aws-xray-daemon', undefined],
    ['nginx', undefined],
    ['evil.com/123456789012.dkr.ecr.us-east-1.amazonaws.com/x', undefined],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.com/x', undefined],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', undefined],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/', undefined],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/app\nx', undefined],
  ])('%s -> %s', (uri, name) => {
    expect(ecrRepositoryName(uri)).toBe(name);
  });
});
