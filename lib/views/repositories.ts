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
 * Reads every cluster's services and tasks, the same cached reads the cluster pages make.
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

    const perCluster = await Promise.all(
      clusters.data.map(async (cluster) => {
        const [services, tasks] = await Promise.all([
          listServices(cluster.name),
          listTasks(cluster.name),
        ]);
        return { services, tasks };
      }),
    );
    const services = perCluster.flatMap((c) => c.services.data);
    const tasks = perCluster.flatMap((c) => c.tasks.data);
    const primaries = services.map(
      (s) =>
        s.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition.arn ??
        s.taskDefinition.arn,
    );
    const definitions = await getTaskDefinitions(primaries);

    const uses: ImageUse[] = services.flatMap((service, index) => {
      const definition = definitions.get(primaries[index] ?? '');
      return (definition?.containers ?? []).flatMap((container) => {
        const ref = parseImage(container.image);
        if (ref.repositoryUri !== repository.uri) return [];
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
        return [
          {
            service,
            container: container.name,
            image: container.image,
            tag: ref.tag,
            runningDigests,
            drift,
            canChange: mayChange(caller, place, service.clusterName, 'deploy-image'),
          },
        ];
      });
    });
    return {
      data: { repository, images: images.data, uses },
      ...freshness(repos, images, clusters, ...perCluster.flatMap((c) => [c.services, c.tasks])),
    };
  });
}
