import 'server-only';
import { GetNamespaceCommand } from '@aws-sdk/client-servicediscovery';
import { serviceDiscovery } from './clients';
import { toAwsFailure } from './errors';
import { KEYS } from './cache-keys';
import { readImmutable } from './read-cache';
import type { Cluster } from './types';

/**
 * A Service Connect namespace as a person knows it. ECS answers with what it was given: the
 * cluster's defaults hold the Cloud Map ARN (ends in the id, ns-...), a service's configuration
 * holds the name or the ARN, whichever it was created with. Berth shows the name in both places.
 */
export interface NamespaceRef {
  /** The namespace's name, when ECS gave it or Cloud Map told it. */
  name?: string;
  /** The Cloud Map id (ns-...), when ECS gave an ARN. */
  id?: string;
  arn?: string;
  /** Why the name is not known (GetNamespace refused or failed). */
  unresolved?: string;
}

/**
 * One GetNamespace per namespace ARN for the life of the process: a namespace's name cannot
 * change. A failed lookup is not cached; the id stands in with the reason.
 */
export async function resolveNamespace(nameOrArn: string): Promise<NamespaceRef> {
  if (!nameOrArn.startsWith('arn:')) return { name: nameOrArn };
  const arn = nameOrArn;
  const id = arn.slice(arn.lastIndexOf('/') + 1);
  try {
    const name = await readImmutable(
      KEYS.namespace(arn),
      'servicediscovery:GetNamespace',
      async () => {
        // Id takes the ARN too, which also finds namespaces shared from another account.
        const out = await serviceDiscovery().send(new GetNamespaceCommand({ Id: arn }));
        return out.Namespace?.Name ?? '';
      },
    );
    return name ? { name, id, arn } : { id, arn, unresolved: 'Cloud Map returned no name.' };
  } catch (error) {
    return { id, arn, unresolved: toAwsFailure(error, 'servicediscovery:GetNamespace').message };
  }
}

/** The cluster's default Service Connect namespace, if it has one. */
export function clusterNamespace(cluster: Cluster): Promise<NamespaceRef | undefined> {
  return cluster.serviceConnectNamespace
    ? resolveNamespace(cluster.serviceConnectNamespace)
    : Promise.resolve(undefined);
}
