import type { TaskDefinition } from '@/lib/aws/types';
import { isXrayDaemon } from '@/lib/ecs/containers';
import { looksSecret } from '@/lib/ecs/secrets';
import { Badge } from '../ui/badge';
import { MaskedValue } from './masked-value';
import { DataTable, type Column } from '@/components/ui/table';

interface RegistrationContainer {
  name?: string;
  environment?: { name?: string; value?: string }[];
  secrets?: { name?: string; valueFrom?: string }[];
}

type SecretReference = NonNullable<RegistrationContainer['secrets']>[number];

const SECRET_COLUMNS: Column<SecretReference>[] = [
  { key: 'name', header: 'Secret', className: 'font-mono', cell: (secret) => secret.name },
  {
    key: 'from',
    header: 'Value from',
    className: 'font-mono break-all text-slate-600',
    cell: (secret) => `from ${secret.valueFrom ?? ''}`,
  },
];

/**
 * A revision read as a person would: sizes, roles, and per container its image, ports, health
 * check, logs, environment (secret-looking values masked) and secrets by reference only:
 * their values are never fetched.
 */
export function DefinitionSummary({ definition }: { definition: TaskDefinition }) {
  const raw = (definition.registration.containerDefinitions ?? []) as RegistrationContainer[];
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid gap-3 sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500 uppercase">CPU / memory</dt>
          <dd>
            {definition.cpu ?? '—'} / {definition.memory ?? '—'}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 uppercase">Network mode</dt>
          <dd>{definition.networkMode ?? '—'}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 uppercase">Compatibility</dt>
          <dd>{definition.requiresCompatibilities.join(', ') || '—'}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500 uppercase">Status</dt>
          <dd>
            <Badge tone={definition.status === 'ACTIVE' ? 'green' : 'gray'}>
              {definition.status}
            </Badge>
          </dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-xs text-slate-500 uppercase">Execution role</dt>
          <dd className="font-mono text-xs break-all">{definition.executionRoleArn ?? '—'}</dd>
        </div>
        <div className="sm:col-span-2">
          <dt className="text-xs text-slate-500 uppercase">Task role</dt>
          <dd className="font-mono text-xs break-all">{definition.taskRoleArn ?? '—'}</dd>
        </div>
      </dl>
      {definition.containers.map((container) => {
        const extra = raw.find((c) => c.name === container.name);
        return (
          <section
            key={container.name}
            aria-label={`Container ${container.name}`}
            className="rounded-md border border-slate-200 p-3"
          >
            <h3 className="flex items-center gap-2 font-semibold">
              {container.name}
              {container.essential ? <Badge>essential</Badge> : <Badge>non-essential</Badge>}
              {isXrayDaemon(container) ? <Badge tone="violet">X-Ray daemon</Badge> : null}
            </h3>
            <p className="mt-1 font-mono text-xs break-all">{container.image}</p>
            <dl className="mt-2 grid gap-2 sm:grid-cols-3">
              <div>
                <dt className="text-xs text-slate-500 uppercase">Ports</dt>
                <dd className="text-xs">
                  {container.portMappings
                    .map((p) => `${p.containerPort}/${p.protocol}${p.name ? ` (${p.name})` : ''}`)
                    .join(', ') || '—'}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500 uppercase">Health check</dt>
                <dd className="text-xs">
                  {container.healthCheck ? (
                    <>
                      <code className="font-mono break-all">
                        {container.healthCheck.command.join(' ')}
                      </code>
                      <div className="text-slate-500">
                        every {container.healthCheck.interval}s, timeout{' '}
                        {container.healthCheck.timeout}s, {container.healthCheck.retries} retries,
                        start period {container.healthCheck.startPeriod}s
                      </div>
                    </>
                  ) : (
                    'none: health reads UNKNOWN'
                  )}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500 uppercase">Logs</dt>
                <dd className="text-xs">
                  {container.logConfiguration
                    ? `${container.logConfiguration.logDriver} ${Object.entries(
                        container.logConfiguration.options,
                      )
                        .map(([k, v]) => `${k}=${v}`)
                        .join(' ')}`
                    : '—'}
                </dd>
              </div>
            </dl>
            {extra?.environment?.length ? (
              <DataTable
                label={`Environment of ${container.name}`}
                className="mt-2"
                density="tight"
                rows={extra.environment}
                rowKey={(variable) => variable.name ?? ''}
                columns={[
                  {
                    key: 'name',
                    header: 'Variable',
                    className: 'font-mono',
                    cell: (variable) => variable.name,
                  },
                  {
                    key: 'value',
                    header: 'Value',
                    cell: (variable) =>
                      looksSecret(variable.name ?? '') ? (
                        <MaskedValue
                          taskDefinition={definition.arn}
                          container={container.name}
                          name={variable.name ?? ''}
                        />
                      ) : (
                        <code className="font-mono break-all">{variable.value}</code>
                      ),
                  },
                ]}
              />
            ) : null}
            {extra?.secrets?.length ? (
              <DataTable
                label={`Secrets of ${container.name}`}
                className="mt-2"
                density="tight"
                rows={extra.secrets}
                rowKey={(secret) => secret.name ?? ''}
                columns={SECRET_COLUMNS}
              />
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
