'use client';

import { json } from '@codemirror/lang-json';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useState, useTransition } from 'react';
import {
  appendToDraft,
  editDraft,
  readDraft,
  withCpu,
  type DraftPath,
} from '@/lib/ecs/revision-draft';
import type { Preview } from '@/lib/actions/preview-task-definition';
import type { ActionResult } from '@/lib/actions/result';
import { MAX_TASK_DEFINITION_BYTES, TOO_BIG_MESSAGE } from '@/lib/schemas/actions';
import { formatPath } from '@/lib/schemas/task-definition';
import { ActionResultMessage } from '../actions/action-result';
import { useDarkMode } from '../ui/theme';
import { RevisionForm } from './revision-form';
import { UnifiedDiff } from './unified-diff';

/** The editor's text area is named for screen readers (the wrapper div may not carry a label). */
const EDITOR_EXTENSIONS = [
  json(),
  EditorView.contentAttributes.of({ 'aria-label': 'Task definition JSON' }),
];

const PRIMARY =
  'rounded-md bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60';
const SECONDARY =
  'rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium hover:bg-slate-100 disabled:opacity-60';

const UNREACHABLE_MESSAGE =
  'Berth did not answer (the server may be restarting or the request was refused). Your JSON is kept: try again.';

type View = 'form' | 'json';

/**
 * A new revision: prefilled from an existing one (`basedOn`) or pasted. The form and the JSON are
 * two views of one text; check it, see the diff against the latest revision, then register (and
 * deploy to `deployTo`, when the editor was opened from a service). Register stays disabled until
 * the current text has passed the check.
 */
export function RevisionEditor({
  initialText = '',
  basedOn,
  deployTo,
  preview,
  register,
  registerAndDeploy,
  canRegister,
  canDeploy,
}: {
  initialText?: string;
  basedOn?: { arn: string; label: string };
  deployTo?: { cluster: string; service: string };
  preview: (input: unknown) => Promise<Preview>;
  register: (input: unknown) => Promise<ActionResult>;
  registerAndDeploy: (input: unknown) => Promise<ActionResult>;
  canRegister: boolean;
  canDeploy: boolean;
}) {
  const [text, setText] = useState(initialText);
  const [view, setView] = useState<View>(() => (readDraft(initialText) ? 'form' : 'json'));
  const [checked, setChecked] = useState<{ text: string; preview: Preview } | null>(null);
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const theme = useDarkMode() ? 'dark' : 'light';
  // Read only for the form: the JSON view takes any text, however malformed.
  const draft = view === 'form' ? readDraft(text) : undefined;
  const input = { json: text, ...(basedOn ? { basedOn: basedOn.arn } : {}) };

  const current = checked?.text === text ? checked.preview : null;
  // Too big to send is said here: the server would refuse the request before Berth's checks run,
  // and the text must stay in the editor.
  const tooBig = (): Preview | null =>
    new Blob([text]).size > MAX_TASK_DEFINITION_BYTES
      ? { ok: false, problems: [], message: TOO_BIG_MESSAGE }
      : null;
  const check = () =>
    startTransition(async () => {
      setResult(null);
      let outcome: Preview;
      try {
        outcome = tooBig() ?? (await preview(input));
      } catch {
        outcome = { ok: false, problems: [], message: UNREACHABLE_MESSAGE };
      }
      setChecked({ text, preview: outcome });
    });
  const submit = (deploy: boolean) =>
    startTransition(async () => {
      try {
        setResult(
          await (deploy && deployTo
            ? registerAndDeploy({ ...input, ...deployTo })
            : register(input)),
        );
      } catch {
        setResult({ ok: false, error: { code: 'unavailable', message: UNREACHABLE_MESSAGE } });
      }
    });

  return (
    <div className="space-y-3">
      <div role="tablist" aria-label="Editor view" className="flex gap-1 text-sm">
        {(['form', 'json'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={view === name}
            onClick={() => setView(name)}
            className={`rounded-md px-3 py-1 font-medium ${view === name ? 'bg-slate-800 text-white' : 'text-sky-700 hover:bg-slate-100'}`}
          >
            {name === 'form' ? 'Form' : 'JSON'}
          </button>
        ))}
      </div>
      {view === 'form' ? (
        draft ? (
          <RevisionForm
            draft={draft}
            keptFrom={basedOn?.label}
            edit={(path: DraftPath, value: unknown) => setText((t) => editDraft(t, path, value))}
            append={(path: DraftPath, value: unknown) =>
              setText((t) => appendToDraft(t, path, value))
            }
            setCpu={(cpu) => setText((t) => withCpu(t, cpu, readDraft(t)?.memory))}
          />
        ) : (
          <p
            role="alert"
            className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
          >
            The form needs JSON that parses, with a{' '}
            <code className="font-mono">containerDefinitions</code> list: fix it in the JSON view
            (Check and compare says where).
          </p>
        )
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <label className="text-slate-700">
              Upload JSON file{' '}
              <input
                type="file"
                accept="application/json,.json"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void file.text().then((content) => setText(content));
                }}
                className="text-xs"
              />
            </label>
            <span className="text-slate-500">or paste it below.</span>
          </div>
          <div
            className="overflow-hidden rounded-md border border-slate-300"
            data-testid="json-editor"
          >
            <CodeMirror
              value={text}
              height="420px"
              extensions={EDITOR_EXTENSIONS}
              onChange={setText}
              basicSetup={{ lineNumbers: true, foldGutter: true }}
              theme={theme}
            />
          </div>
        </>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          onClick={check}
          disabled={pending || !text.trim()}
          className={SECONDARY}
        >
          {pending && !current ? 'Checking…' : 'Check and compare'}
        </button>
        {canRegister ? (
          <>
            <button
              type="button"
              onClick={() => submit(false)}
              disabled={pending || !current?.ok}
              className={deployTo && canDeploy ? SECONDARY : PRIMARY}
            >
              {pending && current?.ok ? 'Registering…' : 'Register revision'}
            </button>
            {deployTo && canDeploy ? (
              <button
                type="button"
                onClick={() => submit(true)}
                disabled={pending || !current?.ok}
                className={PRIMARY}
              >
                Register and deploy to {deployTo.service}
              </button>
            ) : null}
          </>
        ) : (
          <span className="text-sm text-slate-500">
            Read-only: Berth can check but not register.
          </span>
        )}
      </div>
      {current && !current.ok ? (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900"
        >
          <p className="font-semibold">
            {current.problems.length
              ? `Not registered: ${current.problems.length} problem${current.problems.length === 1 ? '' : 's'}`
              : 'Not checked'}
          </p>
          {current.message ? <p>{current.message}</p> : null}
          <ul className="mt-1 space-y-1">
            {current.problems.map((p, i) => (
              <li key={i}>
                {p.line ? (
                  <span className="font-mono text-xs text-red-700">line {p.line} </span>
                ) : null}
                {p.path.length ? (
                  <code className="font-mono text-xs">{formatPath(p.path)}</code>
                ) : null}{' '}
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {current?.ok ? (
        <div className="space-y-1 text-sm">
          <p role="status" className="text-emerald-800">
            Valid.{' '}
            {current.latest
              ? `Changes against ${current.latest}, the latest revision:`
              : `A new family: ${current.family}.`}
          </p>
          <UnifiedDiff diff={current.diff} />
        </div>
      ) : null}
      <ActionResultMessage result={result} />
    </div>
  );
}
