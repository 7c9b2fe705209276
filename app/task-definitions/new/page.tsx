import { PageTitle } from '@/components/ecs/page-title';
import { RegisterForm } from '@/components/task-definitions/register-form';
import { Section } from '@/components/ui/section';
import { changePolicy } from '@/lib/auth/guard';
import { preview, register } from '@/components/task-definitions/actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Register a task definition' };

export default function RegisterPage() {
  return (
    <>
      <PageTitle
        crumbs={[{ label: 'Task definitions', href: '/task-definitions' }, { label: 'Register' }]}
        title="Register a task definition"
      />
      <Section title="Task definition JSON">
        <p className="mb-3 text-sm text-slate-600">
          The JSON{' '}
          <code className="font-mono">aws ecs register-task-definition --cli-input-json</code>{' '}
          takes, or the whole output of <code className="font-mono">describe-task-definition</code>{' '}
          (its read-only fields are dropped). It is checked against AWS&apos;s rules first; nothing
          invalid is sent.
        </p>
        <RegisterForm
          preview={preview}
          register={register}
          canRegister={!changePolicy(undefined)}
        />
      </Section>
    </>
  );
}
