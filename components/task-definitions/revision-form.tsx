'use client';

import { fargateSizes, type Draft } from '@/lib/ecs/revision-draft';
import { ContainerFields, type DraftEditing } from './container-fields';
import { SelectField, TextField } from './draft-inputs';

const isFargate = (draft: Draft) =>
  Array.isArray(draft.requiresCompatibilities) && draft.requiresCompatibilities.includes('FARGATE');

/**
 * The form view of a draft: the task's family and size, then each container. Every change is
 * written straight into the JSON (see lib/ecs/revision-draft), which stays the one source.
 */
export function RevisionForm({
  draft,
  keptFrom,
  edit,
  append,
  setCpu,
}: DraftEditing & {
  draft: Draft;
  /** The revision masked secrets are kept from, named in their placeholder. */
  keptFrom?: string;
  setCpu: (cpu: number) => void;
}) {
  const sizes = fargateSizes(draft.cpu);
  return (
    <div className="space-y-4" data-testid="revision-form">
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          label="Family"
          value={draft.family}
          mono
          onChange={(value) => edit(['family'], value ?? '')}
        />
        {isFargate(draft) ? (
          <>
            <SelectField
              label="Task CPU (units)"
              value={draft.cpu}
              options={[
                ['', 'choose…'],
                ...sizes.cpus.map((cpu) => [String(cpu), `${cpu} (${cpu / 1024} vCPU)`] as const),
              ]}
              onChange={(value) => (value ? setCpu(Number(value)) : edit(['cpu'], undefined))}
            />
            <SelectField
              label="Task memory (MiB, valid for the CPU)"
              value={draft.memory}
              options={[
                ['', sizes.memories.length ? 'choose…' : 'choose a CPU first'],
                ...sizes.memories.map((memory) => [String(memory), String(memory)] as const),
              ]}
              onChange={(value) => edit(['memory'], value)}
            />
          </>
        ) : (
          <>
            <TextField
              label="Task CPU (units)"
              value={draft.cpu}
              onChange={(v) => edit(['cpu'], v)}
            />
            <TextField
              label="Task memory (MiB)"
              value={draft.memory}
              onChange={(v) => edit(['memory'], v)}
            />
          </>
        )}
      </div>
      {draft.containerDefinitions.map((container, index) => (
        <ContainerFields
          key={index}
          container={container}
          index={index}
          keptFrom={keptFrom}
          edit={edit}
          append={append}
        />
      ))}
    </div>
  );
}
