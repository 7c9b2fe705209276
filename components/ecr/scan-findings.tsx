import { getScanFindings, type Image, type ScanFinding } from '@/lib/aws/ecr';
import { toAwsFailure } from '@/lib/aws/errors';
import { scanSummary } from '@/lib/ecr/severity';
import type { ImageUse } from '@/lib/views/repositories';
import { Badge, type Tone } from '../ui/badge';
import { DataTable, type Column } from '../ui/table';

const TONE: Record<string, Tone> = { CRITICAL: 'red', HIGH: 'red', MEDIUM: 'amber', LOW: 'blue' };

const COLUMNS: Column<ScanFinding>[] = [
  {
    key: 'severity',
    header: 'Severity',
    cell: (f) => <Badge tone={TONE[f.severity] ?? 'gray'}>{f.severity.toLowerCase()}</Badge>,
  },
  {
    key: 'name',
    header: 'Finding',
    className: 'font-mono text-xs whitespace-nowrap',
    cell: (f) =>
      f.uri?.startsWith('https://') ? (
        <a className="text-sky-700 hover:underline" href={f.uri} rel="noreferrer" target="_blank">
          {f.name}
        </a>
      ) : (
        f.name
      ),
  },
  {
    key: 'package',
    header: 'Package',
    className: 'text-xs',
    cell: (f) => [f.packageName, f.packageVersion].filter(Boolean).join(' ') || '—',
  },
  { key: 'description', header: 'Description', className: 'text-xs', cell: (f) => f.description },
];

/**
 * The scan findings of every image a service runs now (by the digests its tasks report), most
 * severe first: what is exposed in production, not every image ever pushed. One
 * DescribeImageScanFindings per running digest, kept 10 minutes.
 */
export async function RunningImageFindings({
  repository,
  images,
  uses,
}: {
  repository: string;
  images: Image[];
  uses: ImageUse[];
}) {
  const digests = [...new Set(uses.flatMap((u) => u.runningDigests))];
  if (!digests.length) {
    return <p className="text-sm text-slate-600">No service runs an image of {repository} now.</p>;
  }
  const reads = await Promise.allSettled(digests.map((d) => getScanFindings(repository, d)));
  return (
    <div className="space-y-4">
      {digests.map((digest, i) => {
        const read = reads[i];
        const image = images.find((candidate) => candidate.digest === digest);
        const runners = uses
          .filter((u) => u.runningDigests.includes(digest))
          .map((u) => `${u.service.clusterName}/${u.service.name}`);
        return (
          <div key={digest} className="space-y-2" data-testid="running-image-findings">
            <p className="text-sm">
              <span className="font-mono text-xs" title={digest}>
                {digest.slice(0, 19)}…
              </span>{' '}
              {image?.tags.length ? `(${image.tags.join(', ')}) ` : ''}running in{' '}
              {[...new Set(runners)].join(', ')}:{' '}
              <strong data-testid="scan-summary">{scanSummary(image?.scanFindings)}</strong>
            </p>
            {read?.status === 'rejected' ? (
              <p className="text-sm text-slate-600">
                Findings could not be read:{' '}
                {toAwsFailure(read.reason, 'ecr:DescribeImageScanFindings').message}
              </p>
            ) : read?.value.data === null ? (
              <p className="text-sm text-slate-600">
                This image has no scan: turn on scan on push for {repository}, or start a scan.
              </p>
            ) : read?.value.data.length ? (
              <DataTable
                label={`Scan findings of ${digest.slice(0, 19)}`}
                columns={COLUMNS}
                rows={read.value.data}
                rowKey={(f) => f.name}
                density="compact"
                rowProps={(f) => ({ 'data-testid': 'finding', 'data-severity': f.severity })}
              />
            ) : (
              <p className="text-sm text-slate-600">The scan found nothing.</p>
            )}
          </div>
        );
      })}
    </div>
  );
}
