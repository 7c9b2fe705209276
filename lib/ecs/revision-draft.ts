/**
 * The revision editor's model is the JSON text itself: the form reads it and writes each change
 * back as a text edit (jsonc-parser's `modify`), so the JSON view and the form never disagree,
 * fields the form does not show are kept, and the person's own formatting survives.
 */
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';
import { MAX_DEPTH, nestingDepth } from '../schemas/task-definition';
import { FARGATE_MEMORY_BY_CPU } from './fargate';

export type DraftPath = (string | number)[];

export interface DraftContainer {
  name?: unknown;
  image?: unknown;
  essential?: unknown;
  environment?: unknown;
  secrets?: unknown;
  portMappings?: unknown;
  healthCheck?: unknown;
  logConfiguration?: unknown;
  [field: string]: unknown;
}

export interface Draft {
  family?: unknown;
  cpu?: unknown;
  memory?: unknown;
  requiresCompatibilities?: unknown;
  containerDefinitions: DraftContainer[];
  [field: string]: unknown;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The draft the form can edit: strict JSON holding an object whose containerDefinitions is a
 * list of objects. Anything else is for the JSON view (and the checker) to sort out.
 */
export function readDraft(text: string): Draft | undefined {
  // Parsing recurses: text nested deeper than any task definition is refused unread.
  if (nestingDepth(text).depth > MAX_DEPTH) return undefined;
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false });
  if (errors.length || !isObject(value)) return undefined;
  const containers = value.containerDefinitions;
  if (!Array.isArray(containers) || !containers.every(isObject)) return undefined;
  return value as Draft;
}

/** The text with the value at `path` set; `undefined` removes it (an array item included). */
export function editDraft(text: string, path: DraftPath, value: unknown): string {
  return applyEdits(text, modify(text, path, value, FORMAT));
}

/** The text with `value` appended to the list at `path`, which is created if absent. */
export function appendToDraft(text: string, path: DraftPath, value: unknown): string {
  return applyEdits(text, modify(text, [...path, -1], value, FORMAT));
}

/** A list field of the draft as an array of objects, or empty. */
export const listOf = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.filter(isObject) : [];

/** The draft's Fargate size options: every cpu, and the memory values valid for the chosen one. */
export function fargateSizes(cpu: unknown): { cpus: number[]; memories: number[] } {
  return {
    cpus: [...FARGATE_MEMORY_BY_CPU.keys()],
    memories: [...(FARGATE_MEMORY_BY_CPU.get(Number(cpu)) ?? [])],
  };
}

/**
 * The task size after choosing `cpu`: the memory stays if the new cpu allows it, otherwise it
 * becomes the smallest it allows (so the form can never hold an invalid pair).
 */
export function withCpu(text: string, cpu: number, memory: unknown): string {
  const allowed = FARGATE_MEMORY_BY_CPU.get(cpu) ?? [];
  const keep = allowed.includes(Number(memory));
  const next = editDraft(text, ['cpu'], String(cpu));
  return keep ? next : editDraft(next, ['memory'], String(allowed[0]));
}
