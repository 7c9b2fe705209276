/**
 * Berth's configuration files (BERTH_POLICY_FILE, BERTH_TARGETS_FILE): YAML or JSON, checked
 * with zod at start-up, and every problem reported with the setting, the path and where.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

export class ConfigFileError extends Error {
  override name = 'ConfigFileError';
}

export function parseConfigFile<S extends z.ZodType>(
  setting: string,
  schema: S,
  text: string,
  path: string,
): z.output<S> {
  let raw: unknown;
  try {
    // YAML is a superset of JSON: one parser reads both. Aliases are refused (billion laughs).
    raw = parseYaml(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new ConfigFileError(
      `${setting} ${path} is not YAML or JSON: ${(error as Error).message}`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
    );
    throw new ConfigFileError(`${setting} ${path} is not valid:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

export function readConfigFile(setting: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`${setting} ${path} cannot be read: ${String(error)}`);
  }
}
