/**
 * Reading request members. A member of the wrong JSON type gets the SerializationException
 * AWS's front end returns before the operation runs; a missing required member is reported
 * as the service does (ECS: InvalidParameterException).
 */
import { invalidParameter, serializationError } from './errors.js';
import { type Json, type JsonObject } from './wire.js';

const wrongType = (key: string, expected: string) =>
  serializationError(`Unexpected value for ${key}: expected ${expected}.`);

export function optString(input: JsonObject, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(key, 'a string');
  return value;
}

export function reqString(input: JsonObject, key: string): string {
  const value = optString(input, key);
  if (value === undefined || value === '') throw invalidParameter(`${key} can not be blank.`);
  return value;
}

export function optNumber(input: JsonObject, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw wrongType(key, 'a number');
  return value;
}

export function optBoolean(input: JsonObject, key: string): boolean | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(key, 'a boolean');
  return value;
}

export function optArray(input: JsonObject, key: string): Json[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(key, 'a list');
  return value;
}

export function optStrings(input: JsonObject, key: string): string[] | undefined {
  const values = optArray(input, key);
  if (values?.some((value) => typeof value !== 'string')) throw wrongType(key, 'a list of strings');
  return values as string[] | undefined;
}

export function optObject(input: JsonObject, key: string): JsonObject | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(key, 'a structure');
  return value;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops undefined members so responses carry only what is set, as AWS's do. */
export function compact<T extends JsonObject>(object: T): T {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}
