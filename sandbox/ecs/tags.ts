/** Tags on ECS resources: TagResource, UntagResource, ListTagsForResource. */
import { invalidParameter } from '../errors.js';
import { isObject, optStrings, reqString } from '../input.js';
import type { World } from '../world.js';
import { type Json, type JsonObject } from '../wire.js';
import type { Tag } from './model.js';

export function readTags(raw: Json | undefined): Tag[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidParameter('tags must be a list of {key, value}.');
  return raw.map((tag) => {
    if (!isObject(tag) || typeof tag.key !== 'string' || tag.key === '') {
      throw invalidParameter('Each tag needs a non-empty key.');
    }
    return { key: tag.key, value: typeof tag.value === 'string' ? tag.value : '' };
  });
}

/** Finds the tag list of the resource an ARN names, across every resource kind ECS tags. */
function tagsOf(world: World, arn: string): Tag[] {
  const resource = arn.split(':').slice(5).join(':');
  const [kind = '', ...rest] = resource.split('/');
  const path = rest.join('/');
  if (kind === 'cluster') {
    const cluster = world.clusters.get(path);
    if (cluster) return cluster.tags;
  } else if (kind === 'service') {
    const [clusterName = '', serviceName = ''] = path.split('/');
    const service = world.services.get(clusterName)?.get(serviceName);
    if (service) return service.tags;
  } else if (kind === 'task') {
    const task = world.tasks.get(arn);
    if (task) return task.tags;
  } else if (kind === 'task-definition') {
    const definition = world.findTaskDefinition(path);
    if (definition) return definition.tags;
  }
  throw invalidParameter('The specified resource is not valid.');
}

/** ECS's limit per resource (the models' `Tags` list max, and the tagging quota). */
const MAX_TAGS = 50;

export function tagResource(world: World, input: JsonObject) {
  const tags = tagsOf(world, reqString(input, 'resourceArn'));
  if (input.tags === undefined) throw invalidParameter('tags must be specified.');
  const given = readTags(input.tags);
  const merged = new Set([...tags.map((t) => t.key), ...given.map((t) => t.key)]);
  if (given.length > MAX_TAGS || merged.size > MAX_TAGS) {
    throw invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`);
  }
  for (const tag of given) {
    const existing = tags.find((t) => t.key === tag.key);
    if (existing) existing.value = tag.value;
    else tags.push(tag);
  }
  return {};
}

export function untagResource(world: World, input: JsonObject) {
  const tags = tagsOf(world, reqString(input, 'resourceArn'));
  const keys = optStrings(input, 'tagKeys');
  if (!keys) throw invalidParameter('tagKeys must be specified.');
  for (let i = tags.length - 1; i >= 0; i--)
    if (keys.includes(tags[i]?.key ?? '')) tags.splice(i, 1);
  return {};
}

export function listTagsForResource(world: World, input: JsonObject) {
  return { tags: tagsOf(world, reqString(input, 'resourceArn')) };
}
