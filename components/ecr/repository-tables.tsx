import { PlaceLink as Link } from '@/components/targets/place-link';
import type { Image, Repository } from '@/lib/aws/ecr';
import { scanSummary } from '@/lib/ecr/severity';
import { repositoryHref, serviceHref } from '@/lib/routes';
import type { ImageUse } from '@/lib/views/repositories';
import { deployImage } from '../actions/actions';
import { Badge } from '../ui/badge';
import { RelativeTime } from '../ui/relative-time';
import { DataTable, type Column } from '../ui/table';
import { DeployImageForm, type DeployTarget } from './deploy-image-form';

const size = (bytes?: number) =>
  bytes === undefined ? '—' : `${(bytes / 1_048_576).toFixed(1)} MiB`;

const REPOSITORY_COLUMNS: Column<Repository>[] = [
  {
    key: 'name',
    header: 'Repository',
    cell: (repo) => (
      <Link href={repositoryHref(repo.name)} className="text-sky-700 hover:underline">
        {repo.name}
      </Link>
    ),
  },
  { key: 'uri', header: 'URI', className: 'font-mono text-xs break-all', cell: (r) => r.uri },
  { key: 'tags', header: 'Tags', className: 'text-xs', cell: (r) => r.tagMutability },
  {
    key: 'scan',
    header: 'Scan on push',
    className: 'text-xs',
    cell: (r) => (r.scanOnPush ? 'on' : 'off'),
  },
];

/** The ECR repositories of the region. */
export function RepositoriesTable({ repositories }: { repositories: Repository[] }) {
  return (
    <DataTable
      label="Repositories"
      columns={REPOSITORY_COLUMNS}
      rows={repositories}
      rowKey={(repo) => repo.arn}
      density="compact"
      empty="No ECR repositories in this region."
    />
  );
}

const USE_COLUMNS: Column<ImageUse>[] = [
  {
    key: 'service',
    header: 'Service',
    cell: (u) => (
      <Link
        href={serviceHref(u.service.clusterName, u.service.name)}
        className="text-sky-700 hover:underline"
      >
        {u.service.clusterName}/{u.service.name}
      </Link>
    ),
  },
  { key: 'container', header: 'Container', cell: (u) => u.container },
  {
    key: 'image',
    header: 'Image in the task definition',
    className: 'font-mono text-xs break-all',
    cell: (u) => u.image,
  },
  {
    key: 'digest',
    header: 'Running digest',
    className: 'font-mono text-xs',
    cell: (u) => u.runningDigests.map((d) => d.slice(0, 19)).join(', ') || '—',
  },
];

/** Which service runs which image of the repository. */
export function RepositoryUsesTable({ uses }: { uses: ImageUse[] }) {
  return (
    <DataTable
      label="Services using this repository"
      columns={USE_COLUMNS}
      rows={uses}
      rowKey={(u) => `${u.service.arn}/${u.container}`}
      density="compact"
      empty="No service runs an image from this repository."
    />
  );
}

/** The repository's images: tags, digest, size, pulls, who runs each, and Deploy…. */
export function ImagesTable({
  repository,
  images,
  uses,
  targets,
}: {
  repository: Repository;
  images: Image[];
  uses: ImageUse[];
  targets: DeployTarget[];
}) {
  const columns: Column<Image>[] = [
    {
      key: 'tags',
      header: 'Tags',
      cell: (image) =>
        image.tags.length ? (
          image.tags.map((t) => <Badge key={t}>{t}</Badge>)
        ) : (
          <span className="text-xs text-slate-500">untagged</span>
        ),
    },
    {
      key: 'digest',
      header: 'Digest',
      className: 'font-mono text-xs',
      cell: (image) => <span title={image.digest}>{image.digest.slice(0, 19)}…</span>,
    },
    { key: 'size', header: 'Size', className: 'text-xs', cell: (i) => size(i.sizeBytes) },
    {
      key: 'pushed',
      header: 'Pushed',
      className: 'text-xs',
      cell: (image) => <RelativeTime at={image.pushedAt} />,
    },
    {
      key: 'pulled',
      header: 'Last pull',
      className: 'text-xs',
      cell: (image) => (image.lastPulledAt ? <RelativeTime at={image.lastPulledAt} /> : 'never'),
    },
    {
      key: 'scan',
      header: 'Scan findings',
      className: 'text-xs',
      cell: (image) => scanSummary(image.scanFindings),
    },
    {
      key: 'running',
      header: 'Running in',
      className: 'text-xs',
      cell: (image) =>
        uses
          .filter((u) => u.runningDigests.includes(image.digest))
          .map((u) => `${u.service.name} (${u.container})`)
          .join(', ') || '—',
    },
  ];
  if (targets.length) {
    columns.push({
      key: 'deploy',
      header: 'Deploy',
      cell: (image) =>
        image.tags[0] ? (
          <DeployImageForm
            action={deployImage}
            image={`${repository.uri}:${image.tags[0]}`}
            targets={targets}
          />
        ) : null,
    });
  }
  return (
    <DataTable
      label="Images"
      columns={columns}
      rows={images}
      rowKey={(image) => image.digest}
      density="compact"
      rowProps={(image) => ({ 'data-testid': 'image', 'data-tags': image.tags.join(' ') })}
    />
  );
}
