import type { NamespaceRef } from '@/lib/aws/namespaces';

/**
 * A Service Connect namespace in one form everywhere: its name, with the Cloud Map id and ARN
 * on hover. When the name cannot be read, the id stands in and the hover says why.
 */
export function NamespaceName({ namespace }: { namespace: NamespaceRef }) {
  const label = namespace.name ?? namespace.id ?? namespace.arn ?? '';
  const title = namespace.unresolved
    ? `Cloud Map namespace ${namespace.arn}. Its name is not shown: ${namespace.unresolved}`
    : namespace.arn
      ? `Cloud Map namespace ${namespace.id} (${namespace.arn})`
      : undefined;
  return (
    <span className="font-mono" data-testid="namespace" title={title}>
      {label}
    </span>
  );
}
