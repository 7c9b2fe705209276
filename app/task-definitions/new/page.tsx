import { notFound } from 'next/navigation';
import { PageTitle } from '@/components/ecs/page-title';
import { RevisionEditor } from '@/components/task-definitions/revision-editor';
import { Section } from '@/components/ui/section';
import { currentCaller, mayChange } from '@/lib/auth/guard';
import { currentPlace } from '@/lib/targets/place';
import { ServiceTarget, TaskDefinitionArn } from '@/lib/schemas/actions';
import { orNotFound, pageData } from '@/lib/views/result';
import { getDraftSourceView } from '@/lib/views/task-definitions';
import { preview, register, registerAndDeploy } from '@/components/task-definitions/actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'New task definition revision' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `?from=family:revision` prefills the editor from that revision; `&cluster=…&service=…` (the
 * service page's link) adds "Register and deploy to <service>". A malformed or unknown `from`
 * is a 404, not an empty editor that looks like the revision.
 */
export default async function NewRevisionPage({ searchParams }: Props) {
  const search = await searchParams;
  let source;
  if (search.from !== undefined) {
    const from = TaskDefinitionArn.safeParse(search.from);
    if (!from.success) notFound();
    source = pageData(orNotFound(await getDraftSourceView(from.data))).data;
  }
  const target = ServiceTarget.safeParse({ cluster: search.cluster, service: search.service });
  const deployTo = source && target.success ? target.data : undefined;
  const [caller, place] = await Promise.all([currentCaller(), currentPlace()]);
  const canRegister = mayChange(caller, place, undefined, 'register-task-definition');
  return (
    <>
      <PageTitle
        crumbs={[
          { label: 'Task definitions', href: '/task-definitions' },
          { label: source ? `New revision from ${source.label}` : 'Register' },
        ]}
        title={source ? `New revision from ${source.label}` : 'Register a task definition'}
      />
      <Section title={source ? 'Revision' : 'Task definition'}>
        <p className="mb-3 text-sm text-slate-600">
          {source ? (
            <>
              Change what you need in the form or the JSON (they are the same text). Secret values
              stay masked and are kept from {source.label} unless you type new ones.
            </>
          ) : (
            <>
              The JSON{' '}
              <code className="font-mono">aws ecs register-task-definition --cli-input-json</code>{' '}
              takes, or the whole output of{' '}
              <code className="font-mono">describe-task-definition</code> (its read-only fields are
              dropped).
            </>
          )}{' '}
          It is checked against AWS&apos;s rules first; nothing invalid is sent.
        </p>
        <RevisionEditor
          initialText={source?.json}
          basedOn={source ? { arn: source.arn, label: source.label } : undefined}
          deployTo={deployTo}
          preview={preview}
          register={register}
          registerAndDeploy={registerAndDeploy}
          canRegister={canRegister}
          canDeploy={
            deployTo ? mayChange(caller, place, deployTo.cluster, 'register-and-deploy') : false
          }
        />
      </Section>
    </>
  );
}
