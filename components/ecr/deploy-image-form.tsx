'use client';

import { useState } from 'react';
import type { FormAction } from '@/lib/actions/result';
import { ConfirmAction } from '../actions/confirm-action';
import { UnifiedDiff } from '../task-definitions/unified-diff';

export interface DeployTarget {
  cluster: string;
  service: string;
  container: string;
  currentImage: string;
  revision: string;
}

/**
 * Deploy an image to a service's container: Berth registers a new revision of the service's
 * task definition with only that image changed (the diff below), then deploys it.
 */
export function DeployImageForm({
  action,
  image,
  targets,
}: {
  action: FormAction;
  image: string;
  targets: DeployTarget[];
}) {
  const [selected, setSelected] = useState(0);
  const target = targets[selected];
  if (!target) return null;
  const diff = [
    `--- ${target.revision}`,
    `+++ ${target.revision.replace(/:\d+$/, '')}:new`,
    `@@ container ${target.container} @@`,
    `-  "image": "${target.currentImage}"`,
    `+  "image": "${image}"`,
  ].join('\n');
  return (
    <ConfirmAction
      action={action}
      label="Deploy…"
      size="sm"
      confirmLabel="Register and deploy"
      values={{
        cluster: target.cluster,
        service: target.service,
        container: target.container,
        image,
      }}
      confirm={
        <p>
          Registers a new revision with only this image changed, then deploys it; ECS rolls out new
          tasks.
        </p>
      }
    >
      <label className="block text-sm">
        To{' '}
        <select
          value={selected}
          onChange={(e) => setSelected(Number(e.target.value))}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        >
          {targets.map((t, i) => (
            <option key={`${t.cluster}/${t.service}/${t.container}`} value={i}>
              {t.cluster}/{t.service} · {t.container}
            </option>
          ))}
        </select>
      </label>
      <UnifiedDiff diff={diff} />
    </ConfirmAction>
  );
}
