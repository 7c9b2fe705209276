import 'server-only';
import { listImages, listRepositories, parseImage, type Image, type Repository } from '../aws/ecr';
import { getTaskDefinitions, listClusters, listServices, listTasks } from '../aws/ecs';
import type { Service } from '../aws/types';
import { currentCaller, mayChange } from '../auth/guard';
import { currentPlace } from '../targets/place';
import { imageDrift } from '../ecs/image-drift';
import { freshness, settle, type View } from './result';

export function getRepositoriesView(): Promise<View<Repository[]>> {
  return settle('ecr:DescribeRepositories', async () => {
    const repos = await listRepositories();
    return { data: repos.data, ...freshness(repos) };
  });
}

/** A container of a service whose PRIMARY revision takes its image from this repository. */
export interface ImageUse {
  service: Service;
  container: string;
  /** The image reference in the task definition, e.g. repo:latest. */
  image: string;
  tag?: string;
  /** Digests the service's running tasks report for this container. */
  runningDigests: string[];
  /** Set when the tag now points at another digest than the tasks run: a redeploy pulls it. */
  drift?: { tagDigest: string };
  canChange: boolean;
}

export interface RepositoryView {
  repository: Repository;
  images: Image[];
  uses: ImageUse[];
}

/**
 * A repository's images, which services run which image (by the digests their tasks report),
 * and image drift: a tag re-pushed since the tasks started (the `:latest` case).
 * Reads every cluster's services, the same cached reads the cluster pages make, and tasks only
 * in the clusters where a service's PRIMARY revision names this repository: a repository that
 * three services use does not cost the task reads of a 1,000-service cluster that runs none.
 */
export function getRepositoryView(name: string): Promise<View<RepositoryView | null>> {
  return settle('ecr:DescribeImages', async () => {
    const repos = await listRepositories();
    const repository = repos.data.find((r) => r.name === name);
    if (!repository) return { data: null, ...freshness(repos) };
    const [images, clusters, caller, place] = await Promise.all([
      listImages(name),
      listClusters(),
      currentCaller(),
      currentPlace(),
    ]);
    const byTag = new Map(
      images.data.flatMap((image) =>
        image.tags.map((tag) => [tag, { digest: image.digest, pushedAt: image.pushedAt }] as const),
      ),
    );

    const serviceReads = await Promise.all(clusters.data.map((c) => listServices(c.name)));
    const services = serviceReads.flatMap((read) => read.data);
    const primaries = services.map(
      (s) =>
        s.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition.arn ??
        s.taskDefinition.arn,
    );
    const definitions = await getTaskDefinitions(primaries);
    const containersHere = services.map((service, index) =>
      (definitions.get(primaries[index] ?? '')?.containers ?? []).flatMap((container) => {
        const ref = parseImage(container.image);
        return ref.repositoryUri === repository.uri ? [{ container, ref }] : [];
      }),
    );
    const usingClusters = [
      ...new Set(services.filter((_, i) => containersHere[i]?.length).map((s) => s.clusterName)),
    ];
    const taskReads = await Promise.all(usingClusters.map((cluster) => listTasks(cluster)));
    const tasks = taskReads.flatMap((read) => read.data);

    const uses: ImageUse[] = services.flatMap((service, index) =>
      (containersHere[index] ?? []).map(({ container, ref }) => {
        const runningDigests = [
          ...new Set(
            tasks
              .filter(
                (t) =>
                  t.clusterName === service.clusterName &&
                  t.serviceName === service.name &&
                  t.lastStatus === 'RUNNING',
              )
              .flatMap((t) =>
                t.containers
                  .filter((c) => c.name === container.name && c.imageDigest)
                  .map((c) => c.imageDigest ?? ''),
              ),
          ),
        ];
        const primary = service.deployments.find((d) => d.status === 'PRIMARY');
        const drift = imageDrift(ref.tag ? byTag.get(ref.tag) : undefined, runningDigests, primary);
        return {
          service,
          container: container.name,
          image: container.image,
          tag: ref.tag,
          runningDigests,
          drift,
          canChange: mayChange(caller, place, service.clusterName, 'deploy-image'),
        };
      }),
    );
    return {
      data: { repository, images: images.data, uses },
      ...freshness(repos, images, clusters, ...serviceReads, ...taskReads),
    };
  });
}
