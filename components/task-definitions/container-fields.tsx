'use client';

import { listOf, type DraftContainer, type DraftPath } from '@/lib/ecs/revision-draft';
import { looksSecret, SECRET_MASK } from '@/lib/ecs/secrets';
import { NumberField, RowButton, SelectField, TextField } from './draft-inputs';

export interface DraftEditing {
  /** Sets the value at a path of the draft; undefined removes it. */
  edit: (path: DraftPath, value: unknown) => void;
  /** Appends to the list at a path, creating it. */
  append: (path: DraftPath, value: unknown) => void;
}

const PROTOCOLS = [
  ['', 'tcp (default)'],
  ['tcp', 'tcp'],
  ['udp', 'udp'],
] as const;
const APP_PROTOCOLS = [
  ['', 'none'],
  ['http', 'http'],
  ['http2', 'http2'],
  ['grpc', 'grpc'],
] as const;

/** A draft value as text for a button's name: strings and numbers only. */
const labelOf = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

function Subsection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="space-y-2 border-t border-slate-100 pt-3">
      <h3 className="text-xs font-semibold tracking-wide text-slate-700 uppercase">{title}</h3>
      {children}
    </div>
  );
}

/** One container of the draft: the fields people change between revisions. */
export function ContainerFields({
  container,
  index,
  keptFrom,
  edit,
  append,
}: DraftEditing & { container: DraftContainer; index: number; keptFrom?: string }) {
  const at = (...path: DraftPath): DraftPath => ['containerDefinitions', index, ...path];
  const name = typeof container.name === 'string' ? container.name : `#${index + 1}`;
  const environment = listOf(container.environment);
  const secrets = listOf(container.secrets);
  const ports = listOf(container.portMappings);
  const health = listOf([container.healthCheck])[0];
  const command = Array.isArray(health?.command) ? (health.command as unknown[]) : [];
  const shell = command[0] === 'CMD-SHELL' && command.length <= 2;
  const logging = listOf([container.logConfiguration])[0];
  const logOptions = listOf([logging?.options])[0] ?? {};

  return (
    <fieldset className="min-w-0 space-y-3 rounded-md border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold text-slate-900">Container {name}</legend>
      <TextField
        label="Image"
        value={container.image}
        mono
        onChange={(value) => edit(at('image'), value ?? '')}
      />
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={container.essential !== false}
          onChange={(e) => edit(at('essential'), e.target.checked)}
        />
        Essential (the task stops when this container stops)
      </label>

      <Subsection title="Environment variables">
        {environment.map((variable, i) => {
          const secret = typeof variable.name === 'string' && looksSecret(variable.name);
          const kept = variable.value === SECRET_MASK;
          return (
            <div
              key={i}
              className="grid grid-cols-1 items-end gap-2 border-b border-slate-100 pb-2 sm:grid-cols-[1fr_1fr_auto] sm:border-0 sm:pb-0"
            >
              <TextField
                label="Name"
                ariaLabel={`Name of variable ${i + 1}`}
                value={variable.name}
                mono
                onChange={(value) => edit(at('environment', i, 'name'), value ?? '')}
              />
              <TextField
                label={secret ? 'Value (masked)' : 'Value'}
                ariaLabel={`${secret ? 'Value (masked)' : 'Value'} of ${labelOf(variable.name) || `variable ${i + 1}`}`}
                type={secret ? 'password' : 'text'}
                value={kept ? '' : variable.value}
                placeholder={kept ? `unchanged${keptFrom ? ` from ${keptFrom}` : ''}` : undefined}
                mono
                // Clearing a masked value keeps the old one; there is no way to send the mask.
                onChange={(value) =>
                  edit(at('environment', i, 'value'), value ?? (kept || secret ? SECRET_MASK : ''))
                }
              />
              <RowButton
                label={`Remove ${labelOf(variable.name) || 'variable'}`}
                onClick={() => edit(at('environment', i), undefined)}
              >
                Remove
              </RowButton>
            </div>
          );
        })}
        <RowButton onClick={() => append(at('environment'), { name: '', value: '' })}>
          Add variable
        </RowButton>
      </Subsection>

      <Subsection title="Secrets (Secrets Manager or Parameter Store)">
        {secrets.map((secret, i) => (
          <div
            key={i}
            className="grid grid-cols-1 items-end gap-2 border-b border-slate-100 pb-2 sm:grid-cols-[1fr_2fr_auto] sm:border-0 sm:pb-0"
          >
            <TextField
              label="Name"
              value={secret.name}
              mono
              onChange={(value) => edit(at('secrets', i, 'name'), value ?? '')}
            />
            <TextField
              label="valueFrom (ARN or parameter name)"
              value={secret.valueFrom}
              mono
              onChange={(value) => edit(at('secrets', i, 'valueFrom'), value ?? '')}
            />
            <RowButton
              label={`Remove secret ${labelOf(secret.name)}`}
              onClick={() => edit(at('secrets', i), undefined)}
            >
              Remove
            </RowButton>
          </div>
        ))}
        <RowButton onClick={() => append(at('secrets'), { name: '', valueFrom: '' })}>
          Add secret
        </RowButton>
      </Subsection>

      <Subsection title="Port mappings">
        {ports.map((port, i) => (
          <div
            key={i}
            className="grid grid-cols-2 items-end gap-2 sm:grid-cols-[1fr_1fr_1fr_1fr_auto]"
          >
            <NumberField
              label="Container port"
              value={port.containerPort}
              min={1}
              max={65535}
              onChange={(value) => edit(at('portMappings', i, 'containerPort'), value)}
            />
            <SelectField
              label="Protocol"
              value={port.protocol}
              options={PROTOCOLS}
              onChange={(value) => edit(at('portMappings', i, 'protocol'), value)}
            />
            <TextField
              label="Name (Service Connect)"
              value={port.name}
              onChange={(value) => edit(at('portMappings', i, 'name'), value)}
            />
            <SelectField
              label="App protocol"
              value={port.appProtocol}
              options={APP_PROTOCOLS}
              onChange={(value) => edit(at('portMappings', i, 'appProtocol'), value)}
            />
            <RowButton
              label={`Remove port ${labelOf(port.containerPort)}`}
              onClick={() => edit(at('portMappings', i), undefined)}
            >
              Remove
            </RowButton>
          </div>
        ))}
        <RowButton
          onClick={() => append(at('portMappings'), { containerPort: 80, protocol: 'tcp' })}
        >
          Add port
        </RowButton>
      </Subsection>

      <Subsection title="Health check">
        {health ? (
          <>
            {shell ? (
              <TextField
                label="Command (run with CMD-SHELL)"
                value={command[1]}
                mono
                onChange={(value) => edit(at('healthCheck', 'command'), ['CMD-SHELL', value ?? ''])}
              />
            ) : (
              <p className="text-xs text-slate-600">
                The command is <code className="font-mono">{JSON.stringify(command)}</code>: edit it
                in the JSON view.
              </p>
            )}
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              <NumberField
                label="Interval (s, 5–300)"
                value={health.interval}
                min={5}
                max={300}
                onChange={(value) => edit(at('healthCheck', 'interval'), value)}
              />
              <NumberField
                label="Timeout (s, 2–60)"
                value={health.timeout}
                min={2}
                max={60}
                onChange={(value) => edit(at('healthCheck', 'timeout'), value)}
              />
              <NumberField
                label="Retries (1–10)"
                value={health.retries}
                min={1}
                max={10}
                onChange={(value) => edit(at('healthCheck', 'retries'), value)}
              />
              <NumberField
                label="Start period (s, 0–300)"
                value={health.startPeriod}
                min={0}
                max={300}
                onChange={(value) => edit(at('healthCheck', 'startPeriod'), value)}
              />
            </div>
            <RowButton onClick={() => edit(at('healthCheck'), undefined)}>
              Remove health check
            </RowButton>
          </>
        ) : (
          <RowButton
            onClick={() =>
              edit(at('healthCheck'), {
                command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'],
                interval: 30,
                timeout: 5,
                retries: 3,
                startPeriod: 60,
              })
            }
          >
            Add health check
          </RowButton>
        )}
      </Subsection>

      <Subsection title="Log options">
        {logging ? (
          <>
            <p className="text-xs text-slate-600">
              Driver <code className="font-mono">{String(logging.logDriver)}</code>
            </p>
            {Object.entries(logOptions).map(([key, value]) => (
              <div key={key} className="grid grid-cols-[1fr_auto] items-end gap-2">
                <TextField
                  label={key}
                  value={value}
                  mono
                  onChange={(next) => edit(at('logConfiguration', 'options', key), next ?? '')}
                />
                <RowButton
                  label={`Remove log option ${key}`}
                  onClick={() => edit(at('logConfiguration', 'options', key), undefined)}
                >
                  Remove
                </RowButton>
              </div>
            ))}
          </>
        ) : (
          <p className="text-xs text-slate-600">
            No log configuration: add one in the JSON view (Berth tails awslogs).
          </p>
        )}
      </Subsection>
    </fieldset>
  );
}
