/** ECR state: repositories and their images, addressed by digest with movable tags. */

export interface EcrImage {
  digest: string;
  manifest: string;
  mediaType: string;
  sizeInBytes: number;
  tags: string[];
  pushedAt: number;
  lastRecordedPullTime?: number;
}

export interface Repository {
  name: string;
  arn: string;
  uri: string;
  registryId: string;
  createdAt: number;
  tagMutability: 'MUTABLE' | 'IMMUTABLE';
  scanOnPush: boolean;
  encryptionType: 'AES256' | 'KMS';
  images: Map<string, EcrImage>;
  /** ECR's tags are {Key, Value}, capitalised unlike ECS's. */
  tags: { Key: string; Value: string }[];
  /** The lifecycle policy's JSON text, when one is set. */
  lifecyclePolicy?: string;
}

/** Parses `<registry>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]`. */
export function parseEcrImage(
  image: string,
): { registryId: string; repository: string; tag?: string; digest?: string } | undefined {
  const match =
    /^(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/([^:@]+)(?::([^@]+))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(
      image,
    );
  if (!match) return undefined;
  const [, registryId = '', repository = '', tag, digest] = match;
  return { registryId, repository, tag: tag ?? (digest ? undefined : 'latest'), digest };
}

export class EcrStore {
  readonly repositories = new Map<string, Repository>();

  imageByTag(repo: Repository, tag: string): EcrImage | undefined {
    for (const image of repo.images.values()) if (image.tags.includes(tag)) return image;
    return undefined;
  }
}
