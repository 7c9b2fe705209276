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

/** Coral's wording when a value is outside the model's enum. */
const notInEnum = (key: string, value: string, values: readonly string[]) =>
  invalidParameter(
    `1 validation error detected: Value '${value}' at '${key}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
  );

/** A string member whose model is an enum: any other value is refused, as AWS does. */
export function optEnum<const T extends string>(
  input: JsonObject,
  key: string,
  values: readonly T[],
): T | undefined {
  const value = optString(input, key);
  if (value !== undefined && !(values as readonly string[]).includes(value)) {
    throw notInEnum(key, value, values);
  }
  return value as T | undefined;
}

/** A list of enum strings. */
export function optEnums<const T extends string>(
  input: JsonObject,
  key: string,
  values: readonly T[],
): T[] | undefined {
  const given = optStrings(input, key);
  const wrong = given?.find((value) => !(values as readonly string[]).includes(value));
  if (wrong !== undefined) throw notInEnum(`${key}.member`, wrong, values);
  return given as T[] | undefined;
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
