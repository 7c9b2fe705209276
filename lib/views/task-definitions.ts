import 'server-only';
import { diffLines } from 'diff';
import {
  getTaskDefinition,
  getTaskDefinitions,
  listClusters,
  listFamilies,
  listFamilyRevisions,
  listServices,
} from '../aws/ecs';
import type { Service, TaskDefinition } from '../aws/types';
import { AwsCallError, toAwsFailure, type AwsFailure } from '../aws/errors';
import type { Fetched } from '../aws/read-cache';
import { currentCaller, mayChange } from '../auth/guard';
import { currentPlace } from '../targets/place';
import { createHmac, randomBytes } from 'node:crypto';
import { maskSecretValues, SECRET_MASK } from '../ecs/secrets';
import { freshness, settle, type View } from './result';

export function getFamiliesView(): Promise<View<string[]>> {
  return settle('ecs:ListTaskDefinitionFamilies', async () => {
    const families = await listFamilies();
    return { data: families.data, ...freshness(families) };
  });
}

export interface RevisionRow {
  arn: string;
  revision: number;
  status: string;
  registeredAt?: number;
  images: string[];
}

/** Side-by-side rows of a line diff: left (older), right (newer), and whether they differ. */
export interface SideBySideRow {
  left?: string;
  right?: string;
  kind: 'same' | 'removed' | 'added' | 'changed';
}

export interface FamilyView {
  family: string;
  revisions: RevisionRow[];
  compare?: { a: TaskDefinition; b: TaskDefinition; rows: SideBySideRow[] };
}

/** Per process: a fingerprint tells two values apart without being a hash anyone can look up. */
const FINGERPRINT_KEY = randomBytes(32);

/** "•••••• #3fa09c": the same value gives the same mark, so a diff shows that it changed. */
export const fingerprintMask = (value: unknown) =>
  `${SECRET_MASK} #${createHmac('sha256', FINGERPRINT_KEY)
    .update(String(value))
    .digest('hex')
    .slice(0, 6)}`;

/** For diffs: secret-looking values masked, each by its fingerprint. */
export const maskedForDiff = (registration: Record<string, unknown>) =>
  JSON.stringify(maskSecretValues(registration, fingerprintMask), null, 2);

/** The JSON for display: values of secret-looking environment variables replaced. */
export function maskedRegistrationJson(definition: TaskDefinition): string {
  return JSON.stringify(
    maskSecretValues(definition.registration, '•••••• (masked: reveal it in Summary)'),
    null,
    2,
  );
}

/** Lines of a diff paired for two columns: removals beside the additions that replace them. */
export function sideBySide(before: string, after: string): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (!part) continue;
    const lines = part.value.replace(/\n$/, '').split('\n');
    if (!part.added && !part.removed) {
      for (const line of lines) rows.push({ left: line, right: line, kind: 'same' });
    } else if (part.removed && parts[i + 1]?.added) {
      const added = (parts[i + 1]?.value ?? '').replace(/\n$/, '').split('\n');
      for (let j = 0; j < Math.max(lines.length, added.length); j++) {
        rows.push({
          left: lines[j],
          right: added[j],
          kind:
            lines[j] !== undefined && added[j] !== undefined
              ? 'changed'
              : lines[j] !== undefined
                ? 'removed'
                : 'added',
        });
      }
      i++;
    } else if (part.removed) {
      for (const line of lines) rows.push({ left: line, kind: 'removed' });
    } else {
      for (const line of lines) rows.push({ right: line, kind: 'added' });
    }
  }
  return rows;
}

/**
 * A family's revisions (active and inactive, newest first, 50 at most) and, when `compare` names
 * two revisions, the two side by side.
 */
export function getFamilyView(
  family: string,
  compare?: [number, number],
): Promise<View<FamilyView | null>> {
  return settle('ecs:ListTaskDefinitions', async () => {
    const listed = await listFamilyRevisions(family);
    if (listed.data.length === 0) return { data: null, ...freshness(listed) };
    const definitions = await getTaskDefinitions(listed.data.map((r) => r.arn));
    const revisions = listed.data.map((r) => {
      const definition = definitions.get(r.arn);
      return {
        ...r,
        registeredAt: definition?.registeredAt,
        images: definition?.containers.map((c) => c.image) ?? [],
      };
    });
    let comparison: FamilyView['compare'];
    if (compare) {
      const [a, b] = await Promise.all(
        compare.map((revision) => getTaskDefinition(`${family}:${revision}`)),
      );
      if (a && b)
        comparison = {
          a,
          b,
          rows: sideBySide(maskedForDiff(a.registration), maskedForDiff(b.registration)),
        };
    }
    return { data: { family, revisions, compare: comparison }, ...freshness(listed) };
  });
}

export interface RevisionView {
  definition: TaskDefinition;
  /** Services of this family (any revision), where the revision can be deployed. */
  services: Service[];
  canChange: boolean;
}

export function getRevisionView(
  family: string,
  revision: number,
): Promise<View<RevisionView | null>> {
  return settle('ecs:DescribeTaskDefinition', async () => {
    let definition: TaskDefinition;
    try {
      definition = await getTaskDefinition(`${family}:${revision}`);
    } catch (error) {
      // DescribeTaskDefinition answers an unknown revision with ClientException (invalid).
      if (error instanceof AwsCallError && error.failure.kind === 'invalid') {
        return { data: null, fetchedAt: Date.now() };
      }
      throw error;
    }
    const [clusters, caller, place] = await Promise.all([
      listClusters(),
      currentCaller(),
      currentPlace(),
    ]);
    // A cluster whose services cannot be read makes the view stale (and says so), rather than
    // silently dropping its services and their deploy buttons.
    const perCluster = await Promise.all(
      clusters.data.map((c) =>
        listServices(c.name).catch((error: unknown) => toAwsFailure(error, 'ecs:ListServices')),
      ),
    );
    const reads = perCluster.filter((r): r is Fetched<Service[]> => 'data' in r);
    const failed = perCluster.find((r): r is AwsFailure => !('data' in r));
    const services = reads.flatMap((r) => r.data).filter((s) => s.taskDefinition.family === family);
    const fresh = freshness(clusters, ...reads);
    return {
      data: {
        definition,
        services,
        canChange: services.some((s) => mayChange(caller, place, s.clusterName, 'deploy')),
      },
      ...fresh,
      ...(failed && !fresh.stale ? { stale: failed } : {}),
    };
  });
}

/** The revision the editor starts from: its registration JSON with secret values masked. */
export interface DraftSource {
  arn: string;
  label: string;
  json: string;
}

export function getDraftSourceView(from: string): Promise<View<DraftSource | null>> {
  return settle('ecs:DescribeTaskDefinition', async () => {
    let definition: TaskDefinition;
    try {
      definition = await getTaskDefinition(from);
    } catch (error) {
      // An unknown revision is ClientException (invalid) from DescribeTaskDefinition.
      if (error instanceof AwsCallError && error.failure.kind === 'invalid') {
        return { data: null, fetchedAt: Date.now() };
      }
      throw error;
    }
    return {
      data: {
        arn: definition.arn,
        label: `${definition.family}:${definition.revision}`,
        // Exactly SECRET_MASK: the editor shows these as "unchanged", the server restores them.
        json: JSON.stringify(maskSecretValues(definition.registration), null, 2),
      },
      fetchedAt: Date.now(),
    };
  });
}
