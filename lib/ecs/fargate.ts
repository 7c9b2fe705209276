/**
 * Fargate task sizes: task cpu units -> the memory values (MiB) AWS accepts with it.
 * (The sandbox keeps its own copy on purpose: it stands in for AWS, so the two can catch
 * each other's mistakes.)
 */
function steps(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let value = from; value <= to; value += step) out.push(value);
  return out;
}

export const FARGATE_MEMORY_BY_CPU: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

/** "512, 1024 or 2048" for messages; long lists are given as a range with a step. */
export function describeMemoryOptions(cpu: number): string {
  const options = FARGATE_MEMORY_BY_CPU.get(cpu) ?? [];
  if (options.length === 0) return '';
  if (options.length <= 4) return `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
  const step = (options[1] ?? 0) - (options[0] ?? 0);
  return `${options[0]} to ${options.at(-1)} in steps of ${step}`;
}
