/**
 * AWS Cloud Map (servicediscovery), as far as Service Connect needs it: ECS creates an HTTP
 * namespace when a cluster's Service Connect defaults name one that does not exist, and
 * GetNamespace tells its name from its id or ARN. Errors are Cloud Map's: InvalidInput for a
 * malformed request, NamespaceNotFound for an unknown id.
 */
import { invalidInput, namespaceNotFound } from '../errors.js';
import { optString } from '../input.js';
import { epochSeconds, type JsonObject } from '../wire.js';
import type { World } from '../world.js';

export interface Namespace {
  id: string;
  arn: string;
  name: string;
  createdAt: number;
}

/** Cloud Map ids are `ns-` and 16 lowercase letters or digits; the same name gives one id. */
function namespaceId(name: string): string {
  let high = 7;
  let low = 11;
  for (const char of name) {
    high = (Math.imul(high, 31) + char.charCodeAt(0)) >>> 0;
    low = (Math.imul(low, 131) + char.charCodeAt(0)) >>> 0;
  }
  return `ns-${high.toString(36).padStart(8, '0').slice(-8)}${low.toString(36).padStart(8, '0').slice(-8)}`;
}

/**
 * The ARN of the namespace a Service Connect setting names: an ARN is taken as given; a name
 * finds the namespace of that name or creates it, as CreateCluster does on AWS.
 */
export function namespaceArnFor(world: World, nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  for (const namespace of world.namespaces.values()) {
    if (namespace.name === nameOrArn) return namespace.arn;
  }
  const id = namespaceId(nameOrArn);
  const namespace = {
    id,
    arn: world.arn('servicediscovery', `namespace/${id}`),
    name: nameOrArn,
    createdAt: world.now(),
  };
  world.namespaces.set(id, namespace);
  return namespace.arn;
}

export function getNamespace(world: World, input: JsonObject) {
  const ref = optString(input, 'Id');
  if (ref === undefined || ref === '') {
    throw invalidInput('1 validation error detected: Id must not be null.');
  }
  if (ref.length > 255) {
    throw invalidInput(
      "1 validation error detected: Value at 'id' failed to satisfy constraint: Member must have length less than or equal to 255",
    );
  }
  // Id takes the namespace id or, since namespaces can be shared, its ARN.
  const id = ref.startsWith('arn:') ? ref.slice(ref.lastIndexOf('/') + 1) : ref;
  const namespace = world.namespaces.get(id);
  if (!namespace || (ref.startsWith('arn:') && namespace.arn !== ref)) {
    throw namespaceNotFound(ref);
  }
  return {
    Namespace: {
      Id: namespace.id,
      Arn: namespace.arn,
      Name: namespace.name,
      Type: 'HTTP',
      Properties: { DnsProperties: {}, HttpProperties: { HttpName: namespace.name } },
      CreateDate: epochSeconds(namespace.createdAt),
      CreatorRequestId: `ecs-${namespace.id}`,
      ResourceOwner: world.accountId,
    },
  };
}
