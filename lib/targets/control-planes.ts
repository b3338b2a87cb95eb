import { isDnsLabel, DNS_LABEL_RULE } from '../model/names';
import { Problems, show, type FleetPlan } from '../model';
import { listOf, ownValue, planned, props, recordOf, string, when, type PropsShape } from '../model/shapes';

/** Karmada's view of the fleet. */
export interface KarmadaOptions {
  /**
   * The Karmada member cluster name of each fleet cluster, where they differ.
   * @default - each cluster is a member under its own name
   */
  readonly clusterNames?: Readonly<Record<string, string>>;
}

/** GKE's multi-cluster Ingress and Services, and the multi-cluster Gateway. */
export interface GkeMultiClusterOptions {
  /**
   * The GKE cluster that holds the MultiClusterIngress, MultiClusterService and Gateway objects (GKE's "config
   * cluster"): a GKE cluster of the fleet.
   */
  readonly configCluster: string;
  /**
   * The Certificate Manager map the Gateway serves HTTPS with.
   * @default - the global load balancer stack's map, `<fleet>-lb`
   */
  readonly certificateMap?: string;
}

/** An Argo CD ApplicationSet that applies each cluster's folder to the cluster. */
export interface ArgoCdOptions {
  /** The Git repository that holds the synthesized output, e.g. `https://github.com/acme/platform.git`. */
  readonly repoUrl: string;
  /**
   * The branch, tag or commit to deploy.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Folder of the per-cluster output in the repository.
   * @default 'dist/kubernetes'
   */
  readonly path?: string;
  /**
   * Namespace of Argo CD.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * Argo CD project of the Applications.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * Clusters that sync in order, wave by wave (progressive syncs): e.g. `[['us-central1']]` syncs the canary
   * `us-central1` first and every other cluster after it. Clusters in no wave sync last, together.
   * @default - every cluster at once
   */
  readonly waves?: readonly (readonly string[])[];
}

/** Outputs for control planes and GitOps tools that users run; each is opt-in. */
export interface ControlPlanesOptions {
  /**
   * Karmada resource templates and propagation and override policies, in `karmada/`.
   * @default - none
   */
  readonly karmada?: KarmadaOptions | boolean;
  /**
   * GKE multi-cluster Ingress, Services and Gateway objects, in `gke-multicluster/`, and the fleet hub in Terraform.
   * @default - none
   */
  readonly gkeMultiCluster?: GkeMultiClusterOptions;
  /**
   * An Argo CD ApplicationSet, in `argocd/`.
   * @default - none
   */
  readonly argoCd?: ArgoCdOptions;
}

const karmadaShape: PropsShape<KarmadaOptions> = { clusterNames: recordOf(planned, 'an object of member names by cluster name') };
const gkeMultiClusterShape: PropsShape<GkeMultiClusterOptions> = { configCluster: planned, certificateMap: string };
const argoCdShape: PropsShape<ArgoCdOptions> = {
  repoUrl: planned,
  targetRevision: string,
  path: string,
  namespace: string,
  project: string,
  waves: listOf(listOf(string, 'a list of cluster names'), 'a list of waves, each a list of cluster names'),
};

/** The shape of {@link ControlPlanesOptions}, one check per option (see `lib/model/shapes.ts`). */
export const CONTROL_PLANES_OPTIONS: PropsShape<ControlPlanesOptions> = {
  karmada: when((v) => typeof v === 'boolean', planned, props(karmadaShape, 'the Karmada options, or true')),
  gkeMultiCluster: props(gkeMultiClusterShape, 'the GKE multi-cluster options'),
  argoCd: props(argoCdShape, 'the Argo CD options'),
};

/** The control-plane options with every default applied. */
export interface ResolvedControlPlanes {
  readonly karmada?: { readonly clusterNames: Readonly<Record<string, string>> };
  readonly gkeMultiCluster?: { readonly configCluster: string; readonly certificateMap: string };
  readonly argoCd?: Required<Omit<ArgoCdOptions, 'waves'>> & { readonly waves: readonly (readonly string[])[] };
}

/**
 * Checks the options against the fleet and resolves them. Adds every problem to `problems` when it is given (the
 * caller reports them with the others); otherwise throws a `FleetValidationError` naming every problem. The
 * options' shape is checked by the caller (see {@link CONTROL_PLANES_OPTIONS}).
 */
export function planControlPlanes(plan: Pick<FleetPlan, 'name' | 'clusters'>, options: ControlPlanesOptions = {}, collected?: Problems): ResolvedControlPlanes {
  const problems = collected ?? new Problems();
  const names = plan.clusters.map((c) => c.name);
  const known = (name: string, path: string) => problems.check(names.includes(name), path, `${show(name)} is not a cluster of the fleet; clusters: ${names.join(', ')}`);

  let karmada: ResolvedControlPlanes['karmada'];
  if (options.karmada) {
    const clusterNames = { ...(options.karmada === true ? {} : options.karmada.clusterNames) };
    for (const [cluster, member] of Object.entries(clusterNames)) {
      known(cluster, `controlPlanes.karmada.clusterNames.${cluster}`);
      problems.check(isDnsLabel(member), `controlPlanes.karmada.clusterNames.${cluster}`, `${show(member)} is not ${DNS_LABEL_RULE}`);
    }
    // Object.fromEntries defines own properties, so every cluster name, `__proto__` too, is a key of its own.
    const members = Object.fromEntries(names.map((n) => [n, ownValue(clusterNames, n) ?? n]));
    // Two clusters under one member name would be one Karmada member: policies would place both clusters' work on it.
    const memberOwner = new Map<string, string>();
    for (const n of names) {
      const member = members[n];
      const owner = memberOwner.get(member);
      if (owner === undefined) memberOwner.set(member, n);
      else problems.add(`controlPlanes.karmada.clusterNames.${Object.hasOwn(clusterNames, n) ? n : owner}`, `${show(member)} is already the Karmada member name of cluster "${owner}"; give each cluster its own member name`);
    }
    karmada = { clusterNames: members };
  }

  let gkeMultiCluster: ResolvedControlPlanes['gkeMultiCluster'];
  if (options.gkeMultiCluster) {
    const { configCluster } = options.gkeMultiCluster;
    const cluster = plan.clusters.find((c) => c.name === configCluster);
    if (known(configCluster, 'controlPlanes.gkeMultiCluster.configCluster')) {
      problems.check(cluster?.cloud === 'gcp', 'controlPlanes.gkeMultiCluster.configCluster', `${show(configCluster)} is an EKS cluster; the config cluster of GKE's multi-cluster Ingress is a GKE cluster`);
    }
    gkeMultiCluster = { configCluster, certificateMap: options.gkeMultiCluster.certificateMap ?? `${plan.name}-lb` };
  }

  let argoCd: ResolvedControlPlanes['argoCd'];
  if (options.argoCd) {
    const o = options.argoCd;
    problems.check(typeof o.repoUrl === 'string' && /^(https:\/\/|ssh:\/\/|git@)\S+$/.test(o.repoUrl), 'controlPlanes.argoCd.repoUrl', `${show(o.repoUrl)} is not a Git repository URL (https://…, ssh://… or git@…)`);
    const seen = new Set<string>();
    (o.waves ?? []).forEach((wave, i) => wave.forEach((cluster, j) => {
      if (!known(cluster, `controlPlanes.argoCd.waves[${i}][${j}]`)) return;
      problems.check(!seen.has(cluster), `controlPlanes.argoCd.waves[${i}][${j}]`, `${show(cluster)} is already in an earlier wave`);
      seen.add(cluster);
    }));
    argoCd = {
      repoUrl: o.repoUrl,
      targetRevision: o.targetRevision ?? 'HEAD',
      path: (o.path ?? 'dist/kubernetes').replace(/\/$/, ''),
      namespace: o.namespace ?? 'argocd',
      project: o.project ?? 'default',
      waves: (o.waves ?? []).map((w) => [...w]),
    };
  }
  if (!collected) problems.throwIfAny();
  return { ...(karmada ? { karmada } : {}), ...(gkeMultiCluster ? { gkeMultiCluster } : {}), ...(argoCd ? { argoCd } : {}) };
}
