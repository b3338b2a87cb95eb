import type { AppIngressProps, AppProps, ClusterOverride, InClusterIngressProps } from './app';
import { isInteger } from './cluster-planner';
import { EnvValue, type EnvMap } from './env-value';
import {
  DNS_1035_LABEL_RULE, DNS_SUBDOMAIN_RULE, ENV_NAME_RULE, isDns1035Label, isDnsSubdomain, isEnvName,
} from './kubernetes-names';
import { AWS_LOAD_BALANCER_STYLES } from './aws-load-balancing';
import { GCP_BACKEND_STYLES } from './gcp-load-balancing';
import { resolveLoadBalancing, type ResolvedLoadBalancing } from './load-balancing';
import { boundedName, DNS_LABEL_RULE, HOSTNAME_RULE, isDnsLabel, isHostname, parseImage } from './names';
import { Placement } from './placement';
import { IngressTls, type IngressTlsPlan } from './ingress-tls';
import { isLoadBalanced, type AppPlan, type AwsLoadBalancerPlan, type ClusterPlan, type ExposurePlan, type GcpBackendPlan, type InClusterIngressPlan, type IngressPlan, type WorkloadPlan } from './plan';
import { show, type Problems } from './problems';
import { resolveLiveness, resolveReadiness, type ProbeTiming } from './probe';
import { divideReplicas, Replicas } from './replicas';
import { parseQuantity, resolveResources, type ContainerResources } from './resources';
import { didYouMean } from './suggest';
import { NODE_PORTS, serviceAnnotationsOf, serviceTypeOf } from './service-exposure';
import { resolveWorkloadSecurity } from './workload-security';

/** The label whose value is the app's name: the only selector label, so selectors never change. */
export const APP_NAME_LABEL = 'app.kubernetes.io/name';

const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];
const NODE_PORT_RANGE = `${NODE_PORTS.from}-${NODE_PORTS.to}`;

/**
 * Checks the apps of a fleet against its clusters and resolves them, and each app in each cluster it is
 * placed on. Reports every problem.
 */
export function planApps(fleetName: string, declared: readonly AppProps[], clusters: readonly ClusterPlan[], problems: Problems, standby = false): { apps: AppPlan[]; workloads: WorkloadPlan[] } {
  const firstIndexOf = new Map<string, number>();
  const apps: AppPlan[] = [];
  const workloads: WorkloadPlan[] = [];
  declared.forEach((props, i) => {
    if (!problems.check(isDns1035Label(props.name), `apps[${i}].name`, `${show(props.name)} is not ${DNS_1035_LABEL_RULE}`)) return;
    const first = firstIndexOf.get(props.name);
    if (first !== undefined) {
      problems.add(`apps[${i}].name`, `${show(props.name)} is already the name of apps[${first}]; app names must be unique`);
      return;
    }
    firstIndexOf.set(props.name, i);
    const planned = new AppPlanner(fleetName, props, clusters, problems, standby).plan();
    if (planned) {
      apps.push(planned.app);
      workloads.push(...planned.workloads);
    }
  });
  checkSharedResources(apps, workloads, problems);
  apps.sort((a, b) => (a.name < b.name ? -1 : 1));
  workloads.sort((a, b) => (a.cluster.name < b.cluster.name ? -1 : a.cluster.name > b.cluster.name ? 1 : a.app.name < b.app.name ? -1 : 1));
  return { apps, workloads };
}

/** Rules across apps: a NodePort is used once per cluster, a host and path by one app. */
function checkSharedResources(apps: readonly AppPlan[], workloads: readonly WorkloadPlan[], problems: Problems): void {
  const nodePortOwner = new Map<string, string>();
  const clashes = new Map<string, { app: WorkloadPlan['app']; owner: string; clusters: string[] }>();
  for (const w of workloads) {
    if (w.serviceType !== 'NodePort' || w.app.service.nodePort === undefined) continue;
    const key = `${w.cluster.name}:${w.app.service.nodePort}`;
    const owner = nodePortOwner.get(key);
    if (owner === undefined) {
      nodePortOwner.set(key, w.app.name);
      continue;
    }
    const clash = clashes.get(`${w.app.name}:${owner}`) ?? { app: w.app, owner, clusters: [] };
    clash.clusters.push(w.cluster.name);
    clashes.set(`${w.app.name}:${owner}`, clash);
  }
  for (const { app, owner, clusters } of clashes.values()) {
    problems.add(`apps.${app.name}.nodePort`, `${app.service.nodePort} is already used by app "${owner}" in ${clusters.length > 1 ? 'clusters' : 'cluster'} ${clusters.map((c) => `"${c}"`).join(', ')}; a NodePort can serve one app per cluster, pick a free port in ${NODE_PORT_RANGE}`);
  }
  const routeOwner = new Map<string, string>();
  for (const app of apps.filter(isLoadBalanced)) {
    const { ingress } = app.service.exposure;
    const key = `${ingress.host}${ingress.path}`;
    const owner = routeOwner.get(key);
    if (owner === undefined) routeOwner.set(key, app.name);
    else problems.add(`apps.${app.name}.ingress`, `host ${show(ingress.host)} and path ${show(ingress.path)} are already routed to app "${owner}"; give each app its own host or path`);
  }
}

class AppPlanner {
  private readonly at: string;

  constructor(
    private readonly fleetName: string,
    private readonly props: AppProps,
    private readonly clusters: readonly ClusterPlan[],
    private readonly problems: Problems,
    /** Plan draining and retiring clusters as if they were active (see `FleetPlan.workloadsHostedBy`). */
    private readonly standby = false,
  ) {
    this.at = `apps.${props.name}`;
  }

  public plan(): { app: AppPlan; workloads: WorkloadPlan[] } | undefined {
    const { props, at, problems } = this;
    const namespace = props.namespace ?? props.name;
    if (problems.check(isDnsLabel(namespace), `${at}.namespace`, `${show(namespace)} is not ${DNS_LABEL_RULE}`)) {
      problems.check(!SYSTEM_NAMESPACES.includes(namespace), `${at}.namespace`, `${show(namespace)} is a system namespace; run apps in a namespace of their own`);
    }
    this.checkImage(props.image, `${at}.image`);
    problems.check(isInteger(props.containerPort, 1, 65535), `${at}.containerPort`, `${show(props.containerPort)} is not a port (1-65535)`);
    const servicePort = props.servicePort ?? 80;
    problems.check(isInteger(servicePort, 1, 65535), `${at}.servicePort`, `${show(servicePort)} is not a port (1-65535)`);
    if (props.nodePort !== undefined) {
      problems.check(isInteger(props.nodePort, NODE_PORTS.from, NODE_PORTS.to), `${at}.nodePort`, `${show(props.nodePort)} is not a valid NodePort (${NODE_PORT_RANGE}); pick a free port in that range`);
    }

    const readiness = resolveReadiness(props.readiness);
    problems.check(typeof readiness.check.path === 'string' && readiness.check.path.startsWith('/'), `${at}.readiness.path`, `${show(readiness.check.path)} must be an absolute path such as "/healthz"`);
    this.checkTiming(readiness, `${at}.readiness`);
    const liveness = resolveLiveness(props.liveness);
    if (liveness.check.kind === 'http') {
      problems.check(liveness.check.path.startsWith('/'), `${at}.liveness.path`, `${show(liveness.check.path)} must be an absolute path such as "/livez"`);
    }
    this.checkTiming(liveness, `${at}.liveness`);

    const loadBalancing = resolveLoadBalancing(props.loadBalancing);
    problems.check(GCP_BACKEND_STYLES.includes(loadBalancing.gcp.backend), `${at}.loadBalancing.gcp.backend`, `${show(loadBalancing.gcp.backend)} is not a GCP backend style; use one of ${GCP_BACKEND_STYLES.map((s) => `"${s}"`).join(', ')}`);
    problems.check(AWS_LOAD_BALANCER_STYLES.includes(loadBalancing.aws.loadBalancer), `${at}.loadBalancing.aws.loadBalancer`, `${show(loadBalancing.aws.loadBalancer)} is not an AWS load balancer style; use one of ${AWS_LOAD_BALANCER_STYLES.map((s) => `"${s}"`).join(', ')}`);

    problems.check(typeof loadBalancing.gcp.logSampleRate === 'number' && loadBalancing.gcp.logSampleRate >= 0 && loadBalancing.gcp.logSampleRate <= 1, `${at}.loadBalancing.gcp.logSampleRate`, `${show(loadBalancing.gcp.logSampleRate)} must be a share from 0 to 1`);
    const ingress = this.planIngress();
    const security = resolveWorkloadSecurity(props.security);
    this.checkSecurity(security);
    this.checkResources(props.resources, `${at}.resources`);

    const selected = this.placedClusters();
    // Draining and retiring clusters run no app: the others take their share of divided replicas.
    const placed = this.standby ? selected : selected.filter((c) => c.lifecycle === 'active');
    if (selected.length > 0) {
      problems.check(placed.length > 0, `${at}.placement`, `${props.placement ?? Placement.all()} selects only clusters that are draining or retiring (${selected.map((c) => c.name).join(', ')}); the app would run nowhere: place it on an active cluster, or remove the app`);
    }
    const exposure = this.planExposure(ingress, loadBalancing, placed);
    const replicas = (props.replicas ?? Replicas.perCluster(3)).spec;
    this.checkReplicas(placed.length);
    this.checkOverrides(selected);

    const app: AppPlan = {
      name: props.name,
      namespace,
      labels: {
        [APP_NAME_LABEL]: props.name,
        'app.kubernetes.io/part-of': this.fleetName,
        'app.kubernetes.io/managed-by': 'cdk-fleet',
      },
      selector: { [APP_NAME_LABEL]: props.name },
      image: props.image,
      ...(props.command ? { command: [...props.command] } : {}),
      ...(props.args ? { args: [...props.args] } : {}),
      readiness,
      liveness,
      replicas,
      security,
      service: {
        containerPort: props.containerPort,
        port: servicePort,
        portName: 'http',
        ...(props.nodePort !== undefined ? { nodePort: props.nodePort } : {}),
        exposure,
      },
      clusters: placed.map((c) => c.name),
    };
    this.checkIngressClasses(app, placed);
    const workloads = this.planWorkloads(app, placed, ingress !== undefined, loadBalancing);
    this.checkNodePortNeeded(app, workloads);
    return { app, workloads };
  }

  private placedClusters(): ClusterPlan[] {
    const { props, at, problems } = this;
    const placement = props.placement ?? Placement.all();
    const spec = placement.spec;
    if (spec.kind === 'clusters') {
      const known = this.clusters.map((c) => c.name);
      spec.names.forEach((name, j) => {
        problems.check(known.includes(name), `${at}.placement.clusters[${j}]`, `${show(name)} is not a cluster of the fleet${didYouMean(name, known)}; clusters: ${known.join(', ')}`);
      });
    }
    const placed = this.clusters.filter((c) => placement.selects(c.name, c.labels));
    problems.check(placed.length > 0, `${at}.placement`, `${placement} matches no cluster; clusters: ${this.clusters.map((c) => `${c.name} ${JSON.stringify(c.labels)}`).join(', ') || 'none declared'}`);
    return placed;
  }

  /**
   * Who reaches the app: internal without a host; else the load balancers of each cloud it runs on, in the style
   * the app declares. A style that needs the app's NodePort has none when the NodePort is missing, which
   * {@link checkNodePortNeeded} reports: a fleet with a problem has no plan.
   */
  private planExposure(ingress: IngressPlan | undefined, loadBalancing: ResolvedLoadBalancing, placed: readonly ClusterPlan[]): ExposurePlan {
    if (!ingress) return { kind: 'internal' };
    const { props } = this;
    const nodePort = props.nodePort;
    const { gcp, aws } = loadBalancing;
    let gcpBackend: GcpBackendPlan | undefined;
    if (placed.some((c) => c.cloud === 'gcp')) {
      const common = { cdn: gcp.cdn, logSampleRate: gcp.logSampleRate };
      if (gcp.backend === 'neg') gcpBackend = { style: 'neg', negName: boundedName([this.fleetName, props.name], 63), ...common };
      else if (nodePort !== undefined) gcpBackend = { style: 'instance-groups', nodePort, ...common };
    }
    let awsLoadBalancer: AwsLoadBalancerPlan | undefined;
    if (placed.some((c) => c.cloud === 'aws')) {
      if (aws.loadBalancer === 'service') awsLoadBalancer = { style: 'service', certificateArns: aws.certificateArns };
      else if (nodePort !== undefined) awsLoadBalancer = { style: 'nlb', nodePort };
    }
    return {
      kind: 'load-balanced',
      ingress,
      ...(gcpBackend ? { gcp: gcpBackend } : {}),
      ...(awsLoadBalancer ? { aws: awsLoadBalancer } : {}),
    };
  }

  private planIngress(): IngressPlan | undefined {
    const { props, at, problems } = this;
    if (!props.ingress) return undefined;
    const { host } = props.ingress;
    const path = props.ingress.path ?? '/';
    problems.check(isHostname(host), `${at}.ingress.host`, `${show(host)} is not ${HOSTNAME_RULE}`);
    problems.check(typeof path === 'string' && /^\/[A-Za-z0-9._~/-]*$/.test(path), `${at}.ingress.path`, `${show(path)} must be an absolute URL path such as "/" or "/api"`);
    const inCluster = this.planInClusterIngress();
    return { host, path, ...(inCluster ? { inCluster } : {}) };
  }

  /**
   * The in-cluster Ingress, only when asked for. The boolean `inCluster` and `tlsSecretName` of earlier versions
   * are refused with the replacement: `inCluster: true` wrote an Ingress with no class (on GKE, one more Google
   * load balancer per cluster) pointing at a Secret that nothing created.
   */
  private planInClusterIngress(): InClusterIngressPlan | undefined {
    const { props, at, problems } = this;
    const declared = props.ingress as AppIngressProps & { readonly tlsSecretName?: unknown };
    if (declared.tlsSecretName !== undefined) {
      problems.add(`${at}.ingress.tlsSecretName`, `is no longer an option; name the certificate of the in-cluster Ingress with inCluster: { className, tls: IngressTls.fromSecret(${show(declared.tlsSecretName)}) }`);
    }
    const inCluster: unknown = declared.inCluster;
    if (inCluster === undefined || inCluster === false) return undefined;
    if (!problems.check(typeof inCluster === 'object' && inCluster !== null, `${at}.ingress.inCluster`, `${show(inCluster)} is not an in-cluster Ingress; give { className: 'nginx', tls: IngressTls.certManager('letsencrypt') } (or IngressTls.fromSecret(name), IngressTls.none()), or leave it out: the global load balancers do not need one`)) return undefined;
    const { className, tls } = inCluster as InClusterIngressProps;
    if (className !== undefined) {
      problems.check(isDnsSubdomain(className), `${at}.ingress.inCluster.className`, `${show(className)} is not ${DNS_SUBDOMAIN_RULE}`);
    }
    if (!problems.check(tls instanceof IngressTls, `${at}.ingress.inCluster.tls`, `${show(tls)} is not a certificate source; use IngressTls.fromSecret(name), IngressTls.certManager(issuer) or IngressTls.none()`)) return undefined;
    const source = tls.source;
    const plan: IngressTlsPlan = source.kind === 'cert-manager'
      ? { ...source, secretName: source.secretName ?? `${props.name}-tls` }
      : source;
    if (plan.kind === 'secret' || plan.kind === 'cert-manager') {
      problems.check(isDnsSubdomain(plan.secretName), `${at}.ingress.inCluster.tls.secretName`, `${show(plan.secretName)} is not ${DNS_SUBDOMAIN_RULE}`);
    }
    if (plan.kind === 'cert-manager') {
      problems.check(isDnsSubdomain(plan.issuer), `${at}.ingress.inCluster.tls.issuer`, `${show(plan.issuer)} is not ${DNS_SUBDOMAIN_RULE}`);
      problems.check(plan.issuerKind === 'ClusterIssuer' || plan.issuerKind === 'Issuer', `${at}.ingress.inCluster.tls.issuerKind`, `${show(plan.issuerKind)} is not "ClusterIssuer" or "Issuer"`);
    }
    return { ...(className !== undefined ? { className } : {}), tls: plan };
  }

  /** An in-cluster Ingress needs a class in every cluster the app runs on: with none, GKE builds a load balancer. */
  private checkIngressClasses(app: AppPlan, placed: readonly ClusterPlan[]): void {
    const inCluster = inClusterIngressOf(app);
    if (!inCluster || inCluster.className !== undefined) return;
    const missing = placed.filter((c) => c.ingressClassName === undefined).map((c) => c.name);
    this.problems.check(missing.length === 0, `${this.at}.ingress.inCluster.className`, `is required: ${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} no ingressClassName, and an Ingress with no class is served by the cluster's default controller (on GKE, one more Google load balancer per cluster); name the controller you run, e.g. "nginx", here or on the clusters`);
  }

  private checkImage(image: unknown, path: string): void {
    const ref = parseImage(image);
    if (!ref) {
      this.problems.add(path, `${show(image)} is not a container image reference such as "registry.example.com/team/app:1.2.3"`);
    } else if (!ref.tag && !ref.digest) {
      this.problems.add(path, `${show(image)} has no tag or digest; pin a version ("${ref.repository}:1.2.3") or a digest ("${ref.repository}@sha256:…") so every cluster runs the same image`);
    } else if (ref.tag === 'latest' && !ref.digest) {
      this.problems.add(path, `${show(image)} uses the tag "latest", which changes under the clusters' feet; pin a version or a digest`);
    }
  }

  private checkTiming(timing: Required<ProbeTiming>, path: string): void {
    for (const field of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
      const min = field === 'initialDelaySeconds' ? 0 : 1;
      this.problems.check(isInteger(timing[field], min), `${path}.${field}`, `${show(timing[field])} must be a whole number of at least ${min}`);
    }
  }

  private checkSecurity(security: ReturnType<typeof resolveWorkloadSecurity>): void {
    const { at, problems } = this;
    problems.check(isInteger(security.runAsUser, 1), `${at}.security.runAsUser`, `${show(security.runAsUser)} must be a non-root user id (at least 1; 10001 or more keeps clear of node users)`);
    problems.check(isInteger(security.runAsGroup, 1), `${at}.security.runAsGroup`, `${show(security.runAsGroup)} must be a non-root group id (at least 1; 10001 or more keeps clear of node groups)`);
    const seen = new Set<string>();
    security.writablePaths.forEach((p, j) => {
      problems.check(typeof p === 'string' && /^\/[^\0]*$/.test(p) && p !== '/', `${at}.security.writablePaths[${j}]`, `${show(p)} must be an absolute path below "/", such as "/tmp"`);
      problems.check(!seen.has(p), `${at}.security.writablePaths[${j}]`, `${show(p)} is listed twice`);
      seen.add(p);
    });
  }

  private checkResources(resources: ContainerResources | undefined, path: string): void {
    if (!resources) return;
    const fields = ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit'] as const;
    for (const field of fields) {
      const value = resources[field];
      if (value === undefined || (field === 'cpuLimit' && value === false)) continue;
      this.problems.check(parseQuantity(value) !== undefined, `${path}.${field}`, `${show(value)} is not a Kubernetes quantity such as ${field.startsWith('cpu') ? '"250m" or "1"' : '"256Mi" or "1Gi"'}`);
    }
  }

  /** Request above limit is checked on the resolved values, after overrides, so it is reported per cluster. */
  private checkResolvedResources(resolved: ReturnType<typeof resolveResources>, path: string): void {
    const pairs = [['cpuRequest', 'cpuLimit'], ['memoryRequest', 'memoryLimit']] as const;
    for (const [request, limit] of pairs) {
      const r = parseQuantity(resolved[request]);
      const l = parseQuantity(resolved[limit]);
      if (r !== undefined && l !== undefined) {
        this.problems.check(r <= l, `${path}.${request}`, `${resolved[request]} is above the limit ${resolved[limit]}; a request cannot exceed its limit`);
      }
    }
  }

  private checkReplicas(placedCount: number): void {
    const { props, at, problems } = this;
    if (props.replicas === undefined) return;
    const spec = props.replicas.spec;
    if (spec.kind === 'perCluster') {
      problems.check(isInteger(spec.count, 0), `${at}.replicas`, `${show(spec.count)} is not a replica count; use a whole number of at least 0`);
      return;
    }
    const totalOk = problems.check(isInteger(spec.total, 0), `${at}.replicas.total`, `${show(spec.total)} is not a replica count; use a whole number of at least 0`);
    const minOk = problems.check(isInteger(spec.minPerCluster, 1), `${at}.replicas.minPerCluster`, `${show(spec.minPerCluster)} must be a whole number of at least 1; to run no replicas in a cluster, leave it out of the placement`);
    if (totalOk && minOk && placedCount > 0) {
      problems.check(spec.total >= spec.minPerCluster * placedCount, `${at}.replicas.total`, `${spec.total} is below the per-cluster minimums: ${placedCount} placed clusters × minPerCluster ${spec.minPerCluster} = ${spec.minPerCluster * placedCount}; raise the total or place the app on fewer clusters`);
    }
  }

  private checkOverrides(placed: readonly ClusterPlan[]): void {
    const { props, at, problems } = this;
    const known = this.clusters.map((c) => c.name);
    for (const [cluster, override] of Object.entries(props.overrides ?? {})) {
      const path = `${at}.overrides.${cluster}`;
      if (!known.includes(cluster)) {
        problems.add(path, `${show(cluster)} is not a cluster of the fleet${didYouMean(cluster, known)}; clusters: ${known.join(', ')}`);
        continue;
      }
      if (!placed.some((c) => c.name === cluster)) {
        problems.add(path, `the app is not placed on cluster ${show(cluster)} (placement: ${props.placement ?? Placement.all()}); remove the override or add the cluster to the placement`);
        continue;
      }
      this.checkOverride(override, path);
    }
  }

  private checkOverride(override: ClusterOverride, path: string): void {
    const { props, problems } = this;
    if (override.replicas !== undefined) {
      if (props.replicas?.spec.kind === 'divided') {
        problems.add(`${path}.replicas`, 'cannot be set for an app with Replicas.divided: its share follows the cluster weight; change the cluster\'s weight instead');
      } else {
        problems.check(isInteger(override.replicas, 0), `${path}.replicas`, `${show(override.replicas)} is not a replica count; use a whole number of at least 0`);
      }
    }
    if (override.image !== undefined) this.checkImage(override.image, `${path}.image`);
    this.checkResources(override.resources, `${path}.resources`);
  }

  private planWorkloads(app: AppPlan, placed: readonly ClusterPlan[], hasHost: boolean, loadBalancing: ResolvedLoadBalancing): WorkloadPlan[] {
    const { props } = this;
    const spec = app.replicas;
    const shares = spec.kind === 'divided' && this.replicasAreDivisible(placed.length)
      ? divideReplicas(spec.total, spec.minPerCluster, placed)
      : undefined;
    return placed.map((cluster) => {
      const override = props.overrides?.[cluster.name] ?? {};
      const path = override.resources ? `${this.at}.overrides.${cluster.name}` : this.at;
      const replicas = spec.kind === 'perCluster' ? override.replicas ?? spec.count : shares?.get(cluster.name) ?? 0;
      const resources = resolveResources(props.resources, override.resources);
      this.checkResolvedResources(resources, `${path}.resources`);
      return {
        app,
        cluster,
        replicas,
        image: override.image ?? props.image,
        env: this.resolveEnv(cluster, override.env),
        resources,
        serviceType: serviceTypeOf(hasHost, loadBalancing, cluster),
        serviceAnnotations: serviceAnnotationsOf(app, cluster),
        ...ingressClassOf(app, cluster),
      };
    });
  }

  private replicasAreDivisible(placedCount: number): boolean {
    const spec = this.props.replicas?.spec;
    return spec?.kind === 'divided' && isInteger(spec.total, 0) && isInteger(spec.minPerCluster, 1)
      && spec.total >= spec.minPerCluster * placedCount;
  }

  /** The app's variables, then the cluster override's, which replace those of the same name in place. */
  private resolveEnv(cluster: ClusterPlan, overrideEnv: EnvMap | undefined): { name: string; value: string }[] {
    const merged = new Map<string, { value: string | EnvValue; path: string }>();
    const add = (env: EnvMap | undefined, path: string) => {
      for (const [name, value] of Object.entries(env ?? {})) merged.set(name, { value, path: `${path}.${name}` });
    };
    add(this.props.env, `${this.at}.env`);
    add(overrideEnv, `${this.at}.overrides.${cluster.name}.env`);
    const resolved: { name: string; value: string }[] = [];
    for (const [name, { value, path }] of merged) {
      if (!this.problems.check(isEnvName(name), path, `${show(name)} is not ${ENV_NAME_RULE}`)) continue;
      const env = typeof value === 'string' ? EnvValue.of(value) : value;
      if (!this.problems.check(env instanceof EnvValue, path, `${show(value)} is neither a string nor an EnvValue`)) continue;
      const text = env.resolve(cluster);
      if (text === undefined) {
        const key = env.source.kind === 'label' ? env.source.key : '';
        this.problems.add(path, `cluster "${cluster.name}" has no label ${show(key)}; label every cluster the app is placed on, or use an override for this cluster`);
        continue;
      }
      resolved.push({ name, value: text });
    }
    return resolved;
  }

  private checkNodePortNeeded(app: AppPlan, workloads: readonly WorkloadPlan[]): void {
    if (app.service.nodePort !== undefined) return;
    const needing = workloads.filter((w) => w.serviceType === 'NodePort').map((w) => w.cluster.name);
    this.problems.check(needing.length === 0, `${this.at}.nodePort`, `is required: the load balancers reach the app through a NodePort in ${needing.join(', ')} (gcp.backend "instance-groups" / aws.loadBalancer "nlb"); pick a free port in ${NODE_PORT_RANGE}, or use gcp.backend "neg" / aws.loadBalancer "service"`);
  }
}

/** The app's in-cluster Ingress, when it asks for one. */
function inClusterIngressOf(app: AppPlan): InClusterIngressPlan | undefined {
  const { exposure } = app.service;
  return exposure.kind === 'load-balanced' ? exposure.ingress.inCluster : undefined;
}

/** The class of the app's in-cluster Ingress in `cluster`, when it has one: the cluster's, else the app's. */
function ingressClassOf(app: AppPlan, cluster: ClusterPlan): { ingressClassName?: string } {
  const inCluster = inClusterIngressOf(app);
  if (!inCluster) return {};
  const className = cluster.ingressClassName ?? inCluster.className;
  return className !== undefined ? { ingressClassName: className } : {};
}
