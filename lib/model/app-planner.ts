import type { AppIngressProps, AppProps, AutoscalingOverride, ClusterOverride, InClusterIngressProps } from './app';
import { Autoscaling, divideAutoscaling, resolveTargets, type AutoscalingSpec, type WorkloadAutoscaling } from './autoscaling';
import { isInteger } from './cluster-planner';
import { CLUSTER_ATTRIBUTES, EnvValue, type EnvMap } from './env-value';
import {
  DNS_1035_LABEL_RULE, DNS_SUBDOMAIN_RULE, ENV_NAME_RULE, isDns1035Label, isDnsSubdomain, isEnvName, isLabelKey,
  isLabelValue, LABEL_KEY_RULE, LABEL_VALUE_RULE,
} from './kubernetes-names';
import { AWS_LOAD_BALANCER_STYLES, KEPT_NLB_STAGES, type ResolvedAwsLoadBalancing } from './aws-load-balancing';
import { GCP_BACKEND_STYLES } from './gcp-load-balancing';
import { resolveLoadBalancing, type ResolvedLoadBalancing } from './load-balancing';
import { boundedName, DNS_LABEL_RULE, HOSTNAME_RULE, isDnsLabel, isHostname, parseImage } from './names';
import { planNetworkPolicies, type NodeCidrOf } from './network-policy-planner';
import { Placement } from './placement';
import { IngressTls, type IngressTlsPlan } from './ingress-tls';
import { isLoadBalanced, type AppPlan, type AwsLoadBalancerPlan, type ClusterPlan, type EnvVarPlan, type ExposurePlan, type GcpBackendPlan, type InClusterIngressPlan, type IngressPlan, type ServicePlan, type WorkloadPlan } from './plan';
import type { AppSecretMountProps, ConfigMapPlan } from './app-config';
import type { AppIdentityProps, WorkloadIdentityPlan } from './app-identity';
import { show, type Problems } from './problems';
import { isPlainObject, ownValue } from './shapes';
import { Probe, resolveProbe, type DeclaredProbe, type ProbeTiming, type ResolvedProbe } from './probe';
import { divideReplicas, Replicas } from './replicas';
import { parseQuantity, resolveResources, type ContainerResources } from './resources';
import { didYouMean } from './suggest';
import { NODE_PORTS, serviceAnnotationsOf, serviceTypeOf } from './service-exposure';
import { resolveWorkloadSecurity } from './workload-security';

/** Keys of ConfigMaps and Secrets (the API server's `IsConfigMapKey`). */
const CONFIG_KEY_RULE = "a ConfigMap or Secret key (letters, digits, '-', '_' and '.', at most 253 characters, not '.' or '..')";
function isConfigKey(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(value) && value !== '.' && value !== '..';
}

/** The label whose value is the app's name: the only selector label, so selectors never change. */
export const APP_NAME_LABEL = 'app.kubernetes.io/name';

const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];
/** Kubernetes stores replica counts and probe timings as int32 (k8s.io/api apps/v1 DeploymentSpec, core/v1 Probe). */
const INT32_MAX = 2 ** 31 - 1;
const NODE_PORT_RANGE = `${NODE_PORTS.from}-${NODE_PORTS.to}`;

/**
 * Checks the apps of a fleet against its clusters and resolves them, and each app in each cluster it is
 * placed on. Reports every problem.
 */
export function planApps(fleetName: string, declared: readonly (AppProps | undefined)[], clusters: readonly ClusterPlan[], problems: Problems, context: AppPlanningContext = {}, standby = false): { apps: AppPlan[]; workloads: WorkloadPlan[] } {
  const firstIndexOf = new Map<string, number>();
  const apps: AppPlan[] = [];
  const workloads: WorkloadPlan[] = [];
  declared.forEach((props, i) => {
    if (props === undefined) return; // not an object: reported with its shape
    if (!problems.check(isDns1035Label(props.name), `apps[${i}].name`, `${show(props.name)} is not ${DNS_1035_LABEL_RULE}`)) return;
    const first = firstIndexOf.get(props.name);
    if (first !== undefined) {
      problems.add(`apps[${i}].name`, `${show(props.name)} is already the name of apps[${first}]; app names must be unique`);
      return;
    }
    firstIndexOf.set(props.name, i);
    const planned = new AppPlanner(fleetName, props, clusters, problems, context, standby).plan();
    if (planned) {
      apps.push(planned.app);
      workloads.push(...planned.workloads);
    }
  });
  checkSharedResources(apps, workloads, problems);
  apps.sort((a, b) => (a.name < b.name ? -1 : 1));
  workloads.sort((a, b) => (a.cluster.name < b.cluster.name ? -1 : a.cluster.name > b.cluster.name ? 1 : a.app.name < b.app.name ? -1 : 1));
  checkIdentityNames(workloads, problems);
  return { apps, workloads: planNetworkPolicies(declared.filter((p): p is AppProps => p !== undefined), apps, workloads, context.nodeCidrOf ?? (() => undefined), problems) };
}

/** What app planning reads from the rest of the fleet. */
export interface AppPlanningContext {
  /** The address range of a cluster's nodes, where known (for NetworkPolicies). */
  readonly nodeCidrOf?: NodeCidrOf;
  /** The fleet's Google Cloud project (for Workload Identity's service account emails). */
  readonly gcpProject?: string;
}

/** Cloud identity names are unique by construction of their parts, but a joined `<app>-<cluster>` can collide. */
function checkIdentityNames(workloads: readonly WorkloadPlan[], problems: Problems): void {
  const owners = new Map<string, WorkloadPlan>();
  for (const w of workloads) {
    if (!w.identity) continue;
    const name = w.identity.cloud === 'gcp' ? w.identity.accountId : w.identity.roleName;
    const owner = owners.get(name);
    problems.check(owner === undefined, `apps.${w.app.name}.identity`, `its identity in cluster "${w.cluster.name}" would be named "${name}", as that of app "${owner?.app.name}" in cluster "${owner?.cluster.name}"; rename one of the apps or clusters`);
    owners.set(name, w);
  }
}

/** Rules across apps: a NodePort is used once per cluster, a host and path by one app. */
function checkSharedResources(apps: readonly AppPlan[], workloads: readonly WorkloadPlan[], problems: Problems): void {
  const nodePortOwner = new Map<string, string>();
  const clashes = new Map<string, { app: WorkloadPlan['app']; owner: string; clusters: string[] }>();
  for (const w of workloads) {
    if (w.serviceType !== 'NodePort' || w.app.service?.nodePort === undefined) continue;
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
    problems.add(`apps.${app.name}.nodePort`, `${app.service?.nodePort} is already used by app "${owner}" in ${clusters.length > 1 ? 'clusters' : 'cluster'} ${clusters.map((c) => `"${c}"`).join(', ')}; a NodePort can serve one app per cluster, pick a free port in ${NODE_PORT_RANGE}`);
  }
  const routeOwner = new Map<string, string>();
  for (const app of apps.filter(isLoadBalanced)) {
    const { ingress } = app.service.exposure;
    // The load balancers match paths as prefixes and ignore a trailing '/' or a repeated one: "/shop" and
    // "/shop/" are one route, and a URL map holding it twice is refused at apply time.
    const key = `${ingress.host}\0${normalizeRoutePath(ingress.path)}`;
    const owner = routeOwner.get(key);
    if (owner === undefined) routeOwner.set(key, app.name);
    else problems.add(`apps.${app.name}.ingress`, `host ${show(ingress.host)} and path ${show(ingress.path)} are already routed to app "${owner}" (the same route once a trailing or repeated "/" is dropped); give each app its own host or path`);
  }
}

/** A route path as the load balancers compare it: repeated '/' collapsed, no trailing '/' but for the root. */
function normalizeRoutePath(path: string): string {
  const collapsed = path.replace(/\/+/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

class AppPlanner {
  private readonly at: string;

  constructor(
    private readonly fleetName: string,
    private readonly props: AppProps,
    private readonly clusters: readonly ClusterPlan[],
    private readonly problems: Problems,
    private readonly context: AppPlanningContext = {},
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
    const { containerPort } = props;
    const servicePort = props.servicePort ?? 80;
    if (containerPort === undefined) {
      this.checkWorker();
    } else {
      problems.check(isInteger(containerPort, 1, 65535), `${at}.containerPort`, `${show(containerPort)} is not a port (1-65535)`);
      problems.check(isInteger(servicePort, 1, 65535), `${at}.servicePort`, `${show(servicePort)} is not a port (1-65535)`);
      if (props.nodePort !== undefined) {
        problems.check(isInteger(props.nodePort, NODE_PORTS.from, NODE_PORTS.to), `${at}.nodePort`, `${show(props.nodePort)} is not a valid NodePort (${NODE_PORT_RANGE}); pick a free port in that range`);
      }
    }

    const readiness = this.planProbe('readiness', props.readiness, '/healthz');
    const liveness = this.planProbe('liveness', props.liveness, '/livez');
    if (props.ingress !== undefined && containerPort !== undefined) this.checkHealthCheckedReadiness(readiness, containerPort);

    const loadBalancing = resolveLoadBalancing(props.loadBalancing);
    problems.check(GCP_BACKEND_STYLES.includes(loadBalancing.gcp.backend), `${at}.loadBalancing.gcp.backend`, `${show(loadBalancing.gcp.backend)} is not a GCP backend style; use one of ${GCP_BACKEND_STYLES.map((s) => `"${s}"`).join(', ')}`);
    problems.check(AWS_LOAD_BALANCER_STYLES.includes(loadBalancing.aws.loadBalancer), `${at}.loadBalancing.aws.loadBalancer`, `${show(loadBalancing.aws.loadBalancer)} is not an AWS load balancer style; use one of ${AWS_LOAD_BALANCER_STYLES.map((s) => `"${s}"`).join(', ')}`);
    this.checkAwsLoadBalancing(loadBalancing.aws);

    problems.check(typeof loadBalancing.gcp.logSampleRate === 'number' && loadBalancing.gcp.logSampleRate >= 0 && loadBalancing.gcp.logSampleRate <= 1, `${at}.loadBalancing.gcp.logSampleRate`, `${show(loadBalancing.gcp.logSampleRate)} must be a share from 0 to 1`);
    const ingress = this.planIngress();
    const security = resolveWorkloadSecurity(props.security);
    this.checkSecurity(security);
    this.checkConfigMaps(security.writablePaths);
    this.checkIdentity();
    const secretMounts = this.planSecretMounts(security.writablePaths);
    this.checkResources(props.resources, `${at}.resources`);

    const selected = this.placedClusters();
    // Draining and retiring clusters run no app: the others take their share of divided replicas.
    const placed = this.standby ? selected : selected.filter((c) => c.lifecycle === 'active');
    if (selected.length > 0) {
      problems.check(placed.length > 0, `${at}.placement`, `${props.placement ?? Placement.all()} selects only clusters that are draining or retiring (${selected.map((c) => c.name).join(', ')}); the app would run nowhere: place it on an active cluster, or remove the app`);
    }
    // A worker has no Service: what would expose it is refused above (`checkWorker`).
    const service: ServicePlan | undefined = containerPort === undefined ? undefined : {
      containerPort,
      port: servicePort,
      portName: 'http',
      ...(props.nodePort !== undefined ? { nodePort: props.nodePort } : {}),
      exposure: this.planExposure(ingress, loadBalancing, placed),
    };
    const replicas = (props.replicas ?? Replicas.perCluster(3)).spec;
    this.checkReplicas(placed.length);
    const autoscaling = this.planAutoscaling(placed.length);
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
      serviceAccountName: props.name,
      image: props.image,
      ...(props.command ? { command: [...props.command] } : {}),
      ...(props.args ? { args: [...props.args] } : {}),
      ...(readiness ? { readiness } : {}),
      ...(liveness ? { liveness } : {}),
      replicas,
      ...(autoscaling ? { autoscaling } : {}),
      security,
      secretMounts,
      ...(service ? { service } : {}),
      clusters: placed.map((c) => c.name),
    };
    this.checkIngressClasses(app, placed);
    const workloads = this.planWorkloads(app, placed, ingress !== undefined, loadBalancing);
    this.checkNodePortNeeded(app, workloads);
    return { app, workloads };
  }

  /** An app without a port has no Service: the options of one are refused, each with the way out. */
  private checkWorker(): void {
    const { props, at, problems } = this;
    const serviceOptions = [
      ['servicePort', 'the port of its Service'],
      ['nodePort', 'the NodePort of its Service'],
      ['ingress', 'its public host, behind the load balancers'],
      ['loadBalancing', 'how the load balancers reach it'],
    ] as const;
    for (const [field, what] of serviceOptions) {
      problems.check(props[field] === undefined, `${at}.${field}`, `is ${what}, but the app has no containerPort: an app without one is a worker, with no Service, Ingress or load balancer; add containerPort (the port the container listens on), or remove ${field}`);
    }
  }

  /**
   * A probe as declared, checked, with its defaults (see {@link resolveProbe}); `undefined` for none. An app
   * without a port has no default to fall back on: it declares its probes.
   */
  private planProbe(kind: 'readiness' | 'liveness', declared: DeclaredProbe, examplePath: string): ResolvedProbe | undefined {
    const { at, problems } = this;
    const path = `${at}.${kind}`;
    const containerPort = this.props.containerPort;
    if (declared === undefined && containerPort === undefined) {
      problems.add(path, `is required for an app without containerPort (a worker): there is no port to probe by default; give Probe.exec([...]) with a command that exits 0 when the worker is ${kind === 'readiness' ? 'ready' : 'alive'}, Probe.httpGet(path, { port }) or Probe.tcp({ port }) for a port it listens on, or Probe.none() to run without`);
      return undefined;
    }
    const check = declared instanceof Probe ? declared.check : { kind: 'http' as const, path: declared?.path ?? '/', port: undefined };
    if (check.kind === 'http') {
      problems.check(typeof check.path === 'string' && check.path.startsWith('/'), `${path}.path`, `${show(check.path)} must be an absolute path such as "${examplePath}"`);
    }
    if ((check.kind === 'http' || check.kind === 'tcp') && check.port !== undefined) {
      problems.check(isInteger(check.port, 1, 65535), `${path}.port`, `${show(check.port)} is not a port (1-65535)`);
    }
    if (check.kind === 'exec') {
      const command: unknown = check.command;
      problems.check(Array.isArray(command) && command.length > 0 && command.every((c) => typeof c === 'string' && c !== ''), `${path}.command`, `${show(command)} is not a command: give the program and its arguments as a list of strings, e.g. ["cat", "/tmp/ready"] (run in no shell: ["sh", "-c", "..."] for one)`);
    }
    const { probe, missingPort } = resolveProbe(kind, declared, containerPort);
    if (missingPort) {
      const given = declared instanceof Probe ? `Probe.${check.kind === 'http' ? 'httpGet' : 'tcp'}() without a port` : '{ path } (an HTTP GET on the container port)';
      problems.add(`${path}.port`, `is required: ${given} probes the container port, and the app has no containerPort; give the port the container listens on (Probe.${check.kind === 'http' ? 'httpGet(path, { port })' : 'tcp({ port })'}), or use Probe.exec(command)`);
    }
    if (probe) this.checkTiming(probe, path);
    return probe;
  }

  /** The load balancers health-check the readiness path on the container port: an app behind them has that probe. */
  private checkHealthCheckedReadiness(readiness: ResolvedProbe | undefined, containerPort: number): void {
    const { at, problems } = this;
    const fix = 'the load balancers health-check the app\'s readiness path on its container port, and send traffic to the clusters where it answers; use Probe.httpGet(path) (or { path }) on the container port';
    if (readiness === undefined) {
      // Reported as missing when the app has no port; here, `Probe.none()` was given.
      if (this.props.readiness !== undefined) problems.add(`${at}.readiness`, `is Probe.none(), but the app has an ingress: ${fix}`);
      return;
    }
    if (readiness.check.kind !== 'http') {
      problems.add(`${at}.readiness`, `is Probe.${readiness.check.kind}(), but the app has an ingress: ${fix}`);
      return;
    }
    problems.check(readiness.check.port === containerPort, `${at}.readiness.port`, `${readiness.check.port} is not the container port ${containerPort}, but the app has an ingress: ${fix}`);
  }

  private placedClusters(): ClusterPlan[] {
    const { props, at, problems } = this;
    const placement = props.placement ?? Placement.all();
    const spec = placement.spec;
    if (spec.kind === 'clusters') {
      // Messages are made only for a problem: a suggestion measures the name against every cluster's.
      const known = this.clusters.map((c) => c.name);
      const knownSet = new Set(known);
      spec.names.forEach((name, j) => {
        if (!knownSet.has(name)) problems.add(`${at}.placement.clusters[${j}]`, `${show(name)} is not a cluster of the fleet${didYouMean(name, known)}; clusters: ${known.join(', ')}`);
      });
    }
    if (spec.kind === 'labels') {
      if (problems.check(isPlainObject(spec.labels), `${at}.placement`, `Placement.matchLabels(${show(spec.labels)}): give the labels as an object, e.g. { geo: "eu" }`)) {
        for (const [key, value] of Object.entries(spec.labels)) {
          problems.check(isLabelKey(key), `${at}.placement.labels`, `key ${show(key)} is not ${LABEL_KEY_RULE}`);
          problems.check(isLabelValue(value), `${at}.placement.labels.${key}`, `${show(value)} is not ${LABEL_VALUE_RULE}`);
        }
      } else {
        return [];
      }
    }
    const placed = this.clusters.filter((c) => placement.selects(c.name, c.labels));
    if (placed.length === 0) problems.add(`${at}.placement`, `${placement} matches no cluster; clusters: ${this.clusters.map((c) => `${c.name} ${JSON.stringify(c.labels)}`).join(', ') || 'none declared'}`);
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
      if (gcp.backend === 'neg') gcpBackend = { style: 'neg', ...common };
      else if (nodePort !== undefined) gcpBackend = { style: 'instance-groups', nodePort, ...common };
    }
    let awsLoadBalancer: AwsLoadBalancerPlan | undefined;
    if (placed.some((c) => c.cloud === 'aws')) {
      if (aws.loadBalancer === 'service') awsLoadBalancer = { style: 'service', certificateArns: aws.certificateArns };
      else if (nodePort !== undefined && aws.loadBalancer === 'nlb') awsLoadBalancer = { style: 'nlb', nodePort, deletionProtection: aws.deletionProtection };
      else if (nodePort !== undefined) awsLoadBalancer = { style: 'alb', nodePort, group: aws.albGroup, ...(aws.keepNlb ? { keepNlb: aws.keepNlb } : {}) };
    }
    return {
      kind: 'load-balanced',
      ingress,
      ...(gcpBackend ? { gcp: gcpBackend } : {}),
      ...(awsLoadBalancer ? { aws: awsLoadBalancer } : {}),
    };
  }

  /** The AWS options that only one style reads are refused with another, so that none is silently ignored. */
  private checkAwsLoadBalancing(aws: ResolvedAwsLoadBalancing): void {
    const { props, at, problems } = this;
    const declared = props.loadBalancing?.aws ?? {};
    const where = `${at}.loadBalancing.aws`;
    const style = show(aws.loadBalancer);
    problems.check(typeof aws.albGroup === 'string' && /^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/.test(aws.albGroup), `${where}.albGroup`, `${show(aws.albGroup)} is not an ALB group name; use a lowercase DNS label of at most 12 characters, such as "default" or "apis"`);
    problems.check(declared.albGroup === undefined || aws.loadBalancer === 'alb', `${where}.albGroup`, `is only read with loadBalancer "alb", not ${style}; remove it`);
    if (aws.keepNlb !== undefined) {
      problems.check(KEPT_NLB_STAGES.includes(aws.keepNlb), `${where}.keepNlb`, `${show(aws.keepNlb)} is not a stage of the move to the ALB; use "serving" (DNS still answers with the NLB) or "standby" (DNS answers with the ALB)`);
      problems.check(aws.loadBalancer === 'alb', `${where}.keepNlb`, `keeps an NLB during the move to the shared ALB, so it needs loadBalancer "alb", not ${style}`);
    }
    problems.check(declared.deletionProtection === undefined || aws.loadBalancer === 'nlb', `${where}.deletionProtection`, `is only read with loadBalancer "nlb" (the shared ALBs follow the cluster's eks.deletionProtection), not ${style}; remove it`);
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
      this.problems.check(isInteger(timing[field], min, INT32_MAX), `${path}.${field}`, `${show(timing[field])} must be a whole number from ${min} to ${INT32_MAX}`);
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
      problems.check(isInteger(spec.count, 0, INT32_MAX), `${at}.replicas`, `${show(spec.count)} is not a replica count; use a whole number from 0 to ${INT32_MAX} (Kubernetes' int32)`);
      return;
    }
    const totalOk = problems.check(isInteger(spec.total, 0, INT32_MAX), `${at}.replicas.total`, `${show(spec.total)} is not a replica count; use a whole number from 0 to ${INT32_MAX} (Kubernetes' int32)`);
    const minOk = problems.check(isInteger(spec.minPerCluster, 1, INT32_MAX), `${at}.replicas.minPerCluster`, `${show(spec.minPerCluster)} must be a whole number of at least 1; to run no replicas in a cluster, leave it out of the placement`);
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
      if (props.autoscaling !== undefined) {
        problems.add(`${path}.replicas`, 'cannot be set for an autoscaled app: its autoscaler owns the replicas; override autoscaling.minReplicas and maxReplicas instead');
      } else if (props.replicas?.spec.kind === 'divided') {
        problems.add(`${path}.replicas`, 'cannot be set for an app with Replicas.divided: its share follows the cluster weight; change the cluster\'s weight instead');
      } else {
        problems.check(isInteger(override.replicas, 0, INT32_MAX), `${path}.replicas`, `${show(override.replicas)} is not a replica count; use a whole number from 0 to ${INT32_MAX} (Kubernetes' int32)`);
      }
    }
    if (override.identity !== undefined) {
      problems.check(props.identity !== undefined, `${path}.identity`, 'cannot be set for an app without identity; declare the app\'s identity first');
      this.checkPermissions(override.identity, `${path}.identity`, props.identity?.allowWildcards === true);
    }
    if (override.configMaps !== undefined) this.checkConfigMapOverrides(override.configMaps, `${path}.configMaps`);
    if (override.autoscaling !== undefined) this.checkAutoscalingOverride(override.autoscaling, `${path}.autoscaling`);
    if (override.image !== undefined) this.checkImage(override.image, `${path}.image`);
    this.checkResources(override.resources, `${path}.resources`);
  }

  private planWorkloads(app: AppPlan, placed: readonly ClusterPlan[], hasHost: boolean, loadBalancing: ResolvedLoadBalancing): WorkloadPlan[] {
    const { props } = this;
    const spec = app.replicas;
    const shares = spec.kind === 'divided' && this.replicasAreDivisible(placed.length)
      ? divideReplicas(spec.total, spec.minPerCluster, placed)
      : undefined;
    const scaling = app.autoscaling;
    const bounds = scaling?.kind === 'divided' && this.autoscalingIsDivisible(scaling, placed.length)
      ? divideAutoscaling(scaling, placed)
      : undefined;
    return placed.map((cluster) => {
      const override = ownValue(props.overrides, cluster.name) ?? {};
      const path = override.resources ? `${this.at}.overrides.${cluster.name}` : this.at;
      const autoscaling = this.workloadAutoscaling(app, cluster.name, bounds, override.autoscaling);
      const replicas = autoscaling ? autoscaling.minReplicas
        : spec.kind === 'perCluster' ? override.replicas ?? spec.count : shares?.get(cluster.name) ?? 0;
      const resources = resolveResources(props.resources, override.resources);
      this.checkResolvedResources(resources, `${path}.resources`);
      return {
        app,
        cluster,
        replicas,
        ...(autoscaling ? { autoscaling } : {}),
        image: override.image ?? props.image,
        env: this.resolveEnv(cluster, override.env),
        configMaps: this.resolveConfigMaps(cluster, override.configMaps),
        ...this.identityIn(cluster),
        resources,
        ...(app.service ? { serviceType: serviceTypeOf(hasHost, loadBalancing, cluster) } : {}),
        serviceAnnotations: serviceAnnotationsOf(app, cluster, this.fleetName),
        ...ingressClassOf(app, cluster),
      };
    });
  }

  /** The autoscaling of the app, checked, with its targets' defaults; `replicas` may not be given with it. */
  private planAutoscaling(placedCount: number): AutoscalingSpec | undefined {
    const { props, at, problems } = this;
    if (props.autoscaling === undefined) return undefined;
    if (!problems.check(props.autoscaling instanceof Autoscaling, `${at}.autoscaling`, `${show(props.autoscaling)} is not an Autoscaling; use Autoscaling.perCluster(min, max) or Autoscaling.divided(min, max)`)) return undefined;
    problems.check(props.replicas === undefined, `${at}.replicas`, 'cannot be set with autoscaling: the autoscaler owns the replicas, and the Deployment sets none so that kubectl apply does not reset them; give the bounds in autoscaling');
    const spec = props.autoscaling.spec;
    const minOk = problems.check(isInteger(spec.min, 1), `${at}.autoscaling.min`, `${show(spec.min)} must be a whole number of at least 1`);
    const maxOk = problems.check(isInteger(spec.max, 1), `${at}.autoscaling.max`, `${show(spec.max)} must be a whole number of at least 1`);
    if (minOk && maxOk) problems.check(spec.max >= spec.min, `${at}.autoscaling.max`, `${spec.max} is below the minimum ${spec.min}`);
    const targets = resolveTargets(spec.targets);
    for (const field of ['cpuUtilization', 'memoryUtilization'] as const) {
      const value = targets[field];
      if (value !== undefined) problems.check(isInteger(value, 1), `${at}.autoscaling.${field}`, `${show(value)} must be a whole percentage of the pods' request, at least 1 (e.g. 70)`);
    }
    if (spec.kind === 'divided') {
      const perOk = problems.check(isInteger(spec.minPerCluster, 1), `${at}.autoscaling.minPerCluster`, `${show(spec.minPerCluster)} must be a whole number of at least 1; to run no replicas in a cluster, leave it out of the placement`);
      if (minOk && perOk && placedCount > 0) {
        problems.check(spec.min >= spec.minPerCluster * placedCount, `${at}.autoscaling.min`, `${spec.min} is below the per-cluster minimums: ${placedCount} placed clusters × minPerCluster ${spec.minPerCluster} = ${spec.minPerCluster * placedCount}; raise the minimum or place the app on fewer clusters`);
      }
    }
    return { ...spec, targets };
  }

  private checkAutoscalingOverride(override: AutoscalingOverride, path: string): void {
    const { props, problems } = this;
    const spec = props.autoscaling instanceof Autoscaling ? props.autoscaling.spec : undefined;
    if (!spec) {
      problems.add(path, 'cannot be set for an app without autoscaling; give the app autoscaling: Autoscaling.perCluster(min, max), or override replicas');
      return;
    }
    if (spec.kind === 'divided') {
      problems.add(path, 'cannot be set for an app with Autoscaling.divided: its bounds follow the cluster weight; change the cluster\'s weight instead');
      return;
    }
    const min = override.minReplicas ?? spec.min;
    const max = override.maxReplicas ?? spec.max;
    const minOk = override.minReplicas === undefined || problems.check(isInteger(override.minReplicas, 1), `${path}.minReplicas`, `${show(override.minReplicas)} must be a whole number of at least 1`);
    const maxOk = override.maxReplicas === undefined || problems.check(isInteger(override.maxReplicas, 1), `${path}.maxReplicas`, `${show(override.maxReplicas)} must be a whole number of at least 1`);
    if (minOk && maxOk && isInteger(min, 1) && isInteger(max, 1)) {
      problems.check(max >= min, `${path}.maxReplicas`, `${max} is below the minimum ${min} in this cluster`);
    }
  }

  /** The app's autoscaler in one cluster: its share of a divided range, or the range with the cluster's override. */
  private workloadAutoscaling(app: AppPlan, cluster: string, divided: Map<string, { min: number; max: number }> | undefined, override: AutoscalingOverride | undefined): WorkloadAutoscaling | undefined {
    const spec = app.autoscaling;
    if (!spec) return undefined;
    const share = spec.kind === 'divided' ? divided?.get(cluster) ?? { min: spec.minPerCluster, max: spec.minPerCluster } : undefined;
    const minReplicas = share ? share.min : override?.minReplicas ?? spec.min;
    const maxReplicas = share ? share.max : override?.maxReplicas ?? spec.max;
    return {
      minReplicas,
      maxReplicas,
      ...(spec.targets.cpuUtilization !== undefined ? { cpuUtilization: spec.targets.cpuUtilization } : {}),
      ...(spec.targets.memoryUtilization !== undefined ? { memoryUtilization: spec.targets.memoryUtilization } : {}),
    };
  }

  private autoscalingIsDivisible(spec: Extract<AutoscalingSpec, { kind: 'divided' }>, placedCount: number): boolean {
    return isInteger(spec.min, 1) && isInteger(spec.max, 1) && isInteger(spec.minPerCluster, 1)
      && spec.min >= spec.minPerCluster * placedCount && spec.max >= spec.min;
  }

  private checkConfigMaps(writablePaths: readonly string[]): void {
    const { props, at, problems } = this;
    const seen = new Set<string>();
    const mounts = new Set(writablePaths);
    (props.configMaps ?? []).forEach((config, j) => {
      const path = `${at}.configMaps[${j}]`;
      if (problems.check(isDnsLabel(config.name) && config.name.length <= 40, `${path}.name`, `${show(config.name)} is not ${DNS_LABEL_RULE}, of at most 40 characters (the object is named "<app>-<name>")`)) {
        problems.check(!seen.has(config.name), `${path}.name`, `${show(config.name)} is already the name of another ConfigMap of the app`);
        seen.add(config.name);
      }
      if (!problems.check(typeof config.data === 'object' && config.data !== null, `${path}.data`, `${show(config.data)} is not a map of keys to values`)) return;
      this.checkConfigEntries(config.data, `${path}.data`, config.env === true);
      if (config.mountPath !== undefined) this.checkMountPath(config.mountPath, `${path}.mountPath`, mounts);
    });
  }

  private checkConfigEntries(data: EnvMap, path: string, asEnv: boolean): void {
    for (const [key, value] of Object.entries(data)) {
      if (this.problems.check(isConfigKey(key), `${path}.${key}`, `${show(key)} is not ${CONFIG_KEY_RULE}`) && asEnv) {
        this.problems.check(isEnvName(key), `${path}.${key}`, `${show(key)} is not ${ENV_NAME_RULE}, as the entries of a ConfigMap with env: true must be`);
      }
      const secret = value instanceof EnvValue && value.source.kind === 'secret';
      this.problems.check(!secret, `${path}.${key}`, 'is a Secret reference: a ConfigMap holds its values in the output; read the Secret with EnvValue.fromSecret in env, or mount it with secretMounts');
      this.problems.check(typeof value === 'string' || value instanceof EnvValue, `${path}.${key}`, `${show(value)} is neither a string nor an EnvValue`);
    }
  }

  private checkConfigMapOverrides(overrides: Readonly<Record<string, EnvMap>>, path: string): void {
    const declared = (this.props.configMaps ?? []).map((c) => c.name);
    for (const [name, data] of Object.entries(overrides)) {
      if (!this.problems.check(declared.includes(name), `${path}.${name}`, `${show(name)} is not a ConfigMap of the app${didYouMean(name, declared)}; its ConfigMaps: ${declared.join(', ') || 'none'}`)) continue;
      const config = this.props.configMaps!.find((c) => c.name === name)!;
      this.checkConfigEntries(data, `${path}.${name}`, config.env === true);
    }
  }

  /** A mount path: absolute, and not already mounted (writable paths, other ConfigMaps and Secrets). */
  private checkMountPath(mountPath: unknown, path: string, mounted: Set<unknown>): void {
    if (!this.problems.check(typeof mountPath === 'string' && /^\/[^\0]*$/.test(mountPath) && mountPath !== '/', path, `${show(mountPath)} must be an absolute path below "/", such as "/etc/app"`)) return;
    this.problems.check(!mounted.has(mountPath), path, `${show(mountPath)} is already mounted (a writable path, a ConfigMap or a Secret); give each its own directory`);
    mounted.add(mountPath);
  }

  private planSecretMounts(writablePaths: readonly string[]): AppSecretMountProps[] {
    const mounted = new Set<unknown>([...writablePaths, ...(this.props.configMaps ?? []).map((c) => c.mountPath).filter((p) => p !== undefined)]);
    const list = this.props.secretMounts ?? [];
    list.forEach((mount, j) => {
      const path = `${this.at}.secretMounts[${j}]`;
      this.problems.check(isDnsSubdomain(mount.secretName), `${path}.secretName`, `${show(mount.secretName)} is not ${DNS_SUBDOMAIN_RULE}`);
      this.checkMountPath(mount.mountPath, `${path}.mountPath`, mounted);
    });
    return list.map((m) => ({ secretName: m.secretName, mountPath: m.mountPath })).sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1));
  }

  /** The app's ConfigMaps in one cluster: each entry resolved there, the cluster's override over the app's. */
  private resolveConfigMaps(cluster: ClusterPlan, overrides: Readonly<Record<string, EnvMap>> | undefined): ConfigMapPlan[] {
    const configs = [...(this.props.configMaps ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return configs.map((config) => {
      const entries = new Map<string, { value: string | EnvValue; path: string }>();
      const at = `${this.at}.configMaps.${config.name}.data`;
      for (const [key, value] of Object.entries(config.data ?? {})) entries.set(key, { value, path: `${at}.${key}` });
      for (const [key, value] of Object.entries(overrides?.[config.name] ?? {})) {
        entries.set(key, { value, path: `${this.at}.overrides.${cluster.name}.configMaps.${config.name}.${key}` });
      }
      const data: { key: string; value: string }[] = [];
      for (const [key, { value, path }] of [...entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!(typeof value === 'string' || value instanceof EnvValue) || (value instanceof EnvValue && value.source.kind === 'secret')) continue;
        const text = typeof value === 'string' ? value : value.resolve(cluster);
        if (text === undefined) {
          const label = value instanceof EnvValue && value.source.kind === 'label' ? value.source.key : '';
          this.problems.add(path, `cluster "${cluster.name}" has no label ${show(label)}; label every cluster the app is placed on, or use an override for this cluster`);
          continue;
        }
        data.push({ key, value: text });
      }
      return {
        name: config.name,
        objectName: `${this.props.name}-${config.name}`,
        data,
        ...(config.mountPath !== undefined ? { mountPath: config.mountPath } : {}),
        env: config.env === true,
      };
    });
  }

  private checkIdentity(): void {
    const identity = this.props.identity;
    if (identity === undefined) return;
    this.checkPermissions(identity, `${this.at}.identity`, identity.allowWildcards === true);
  }

  /** The permissions of the app, or of a cluster override (under the app's `allowWildcards`). */
  private checkPermissions(identity: Omit<AppIdentityProps, 'allowWildcards'>, at: string, wildcards: boolean): void {
    const { problems } = this;
    const wildcardHint = 'name what the app needs, or set identity.allowWildcards';
    identity.gcp?.projectRoles.forEach((role, j) => {
      const path = `${at}.gcp.projectRoles[${j}]`;
      if (!problems.check(typeof role === 'string' && /^(roles\/[A-Za-z0-9_.]+|(projects|organizations)\/[a-z0-9-]+\/roles\/[A-Za-z0-9_.]+)$/.test(role), path, `${show(role)} is not an IAM role such as "roles/pubsub.subscriber" or "projects/my-project/roles/custom"`)) return;
      problems.check(wildcards || !['roles/owner', 'roles/editor', 'roles/viewer'].includes(role), path, `${show(role)} is a basic role that grants nearly everything; ${wildcardHint}`);
    });
    problems.check(identity.gcp === undefined || identity.gcp.projectRoles.length > 0, `${at}.gcp.projectRoles`, 'is empty: give the roles the app needs, or leave identity.gcp out');
    const aws = identity.aws;
    if (aws) {
      (aws.policyStatements ?? []).forEach((statement, j) => {
        const path = `${at}.aws.policyStatements[${j}]`;
        problems.check(statement.effect === undefined || statement.effect === 'Allow' || statement.effect === 'Deny', `${path}.effect`, `${show(statement.effect)} is not "Allow" or "Deny"`);
        problems.check(Array.isArray(statement.actions) && statement.actions.length > 0, `${path}.actions`, 'is empty: name the actions, e.g. "s3:GetObject"');
        (statement.actions ?? []).forEach((action, k) => {
          if (!problems.check(typeof action === 'string' && /^([a-z0-9-]+:[A-Za-z0-9*?]+|\*)$/.test(action), `${path}.actions[${k}]`, `${show(action)} is not an action such as "s3:GetObject"`)) return;
          problems.check(wildcards || !action.includes('*'), `${path}.actions[${k}]`, `${show(action)} is a wildcard; ${wildcardHint}`);
        });
        problems.check(Array.isArray(statement.resources) && statement.resources.length > 0, `${path}.resources`, 'is empty: name the resources by ARN');
        (statement.resources ?? []).forEach((resource, k) => {
          if (!problems.check(typeof resource === 'string' && (resource === '*' || resource.startsWith('arn:')), `${path}.resources[${k}]`, `${show(resource)} is not an ARN such as "arn:aws:s3:::my-bucket/*"`)) return;
          problems.check(wildcards || resource !== '*', `${path}.resources[${k}]`, `"*" is every resource; ${wildcardHint}`);
        });
      });
      (aws.managedPolicyArns ?? []).forEach((arn, j) => {
        const path = `${at}.aws.managedPolicyArns[${j}]`;
        if (!problems.check(typeof arn === 'string' && /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/.test(arn), path, `${show(arn)} is not an IAM policy ARN such as "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"`)) return;
        problems.check(wildcards || !/:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(arn), path, `${show(arn)} grants nearly everything; ${wildcardHint}`);
      });
      problems.check((aws.policyStatements ?? []).length + (aws.managedPolicyArns ?? []).length > 0, `${at}.aws`, 'grants nothing: give policyStatements or managedPolicyArns, or leave identity.aws out');
    }
  }

  /** The app's identity in one cluster, named from the app and cluster names only. */
  private identityIn(cluster: ClusterPlan): { identity?: WorkloadIdentityPlan } {
    const override = this.props.overrides?.[cluster.name]?.identity;
    // The cluster's override replaces the app's permissions for the cluster's cloud.
    const props = override ? { ...this.props, identity: { ...this.props.identity, ...override } } : this.props;
    if (cluster.cloud === 'gcp' && props.identity?.gcp) {
      // Google service account ids: 6-30 characters (https://cloud.google.com/iam/docs/service-accounts-create).
      // "-wi" keeps it apart from the nodes' account (<fleet>-<cluster>-nodes) and at least 6 long.
      const accountId = boundedName([props.name, cluster.name, 'wi'], 30);
      const project = this.context.gcpProject ?? 'unknown-project';
      return { identity: { cloud: 'gcp', accountId, email: `${accountId}@${project}.iam.gserviceaccount.com`, projectRoles: [...props.identity.gcp.projectRoles] } };
    }
    if (cluster.cloud === 'aws' && props.identity?.aws) {
      const aws = props.identity.aws;
      return {
        identity: {
          cloud: 'aws',
          // As the cluster stack names its own roles (aws-names.ts roleName), with an "app-" part: never one of them.
          roleName: boundedName([this.fleetName, cluster.name, `app-${props.name}`], 64),
          policyStatements: (aws.policyStatements ?? []).map((s) => ({ effect: s.effect ?? 'Allow', actions: [...s.actions], resources: [...s.resources] })),
          managedPolicyArns: [...(aws.managedPolicyArns ?? [])].sort(),
        },
      };
    }
    return {};
  }

  private replicasAreDivisible(placedCount: number): boolean {
    const spec = this.props.replicas?.spec;
    return spec?.kind === 'divided' && isInteger(spec.total, 0) && isInteger(spec.minPerCluster, 1)
      && spec.total >= spec.minPerCluster * placedCount;
  }

  /** The app's variables, then the cluster override's, which replace those of the same name in place. */
  private resolveEnv(cluster: ClusterPlan, overrideEnv: EnvMap | undefined): EnvVarPlan[] {
    const merged = new Map<string, { value: string | EnvValue; path: string }>();
    const add = (env: EnvMap | undefined, path: string) => {
      for (const [name, value] of Object.entries(env ?? {})) merged.set(name, { value, path: `${path}.${name}` });
    };
    add(this.props.env, `${this.at}.env`);
    add(overrideEnv, `${this.at}.overrides.${cluster.name}.env`);
    const resolved: EnvVarPlan[] = [];
    for (const [name, { value, path }] of merged) {
      if (!this.problems.check(isEnvName(name), path, `${show(name)} is not ${ENV_NAME_RULE}`)) continue;
      const env = typeof value === 'string' ? EnvValue.of(value) : value;
      if (!this.problems.check(env instanceof EnvValue, path, `${show(value)} is neither a string nor an EnvValue`)) continue;
      if (env.source.kind === 'secret') {
        const { secretName, key } = env.source;
        const nameOk = this.problems.check(isDnsSubdomain(secretName), `${path}.secretName`, `${show(secretName)} is not ${DNS_SUBDOMAIN_RULE}`);
        const keyOk = this.problems.check(isConfigKey(key), `${path}.key`, `${show(key)} is not ${CONFIG_KEY_RULE}`);
        if (nameOk && keyOk) resolved.push({ name, secretKeyRef: { name: secretName, key } });
        continue;
      }
      if (env.source.kind === 'attribute' && !CLUSTER_ATTRIBUTES.includes(env.source.attribute)) {
        this.problems.add(path, `EnvValue.fromCluster(${show(env.source.attribute)}) reads no attribute of a cluster; use ${CLUSTER_ATTRIBUTES.map((a) => `"${a}"`).join(', ')}, or EnvValue.fromClusterLabel(key) for a label`);
        continue;
      }
      if (env.source.kind === 'label' && !isLabelKey(env.source.key)) {
        this.problems.add(path, `EnvValue.fromClusterLabel(${show(env.source.key)}): the key is not ${LABEL_KEY_RULE}`);
        continue;
      }
      if (env.source.kind === 'literal' && typeof env.source.value !== 'string') {
        this.problems.add(path, `EnvValue.of(${show(env.source.value)}): the value is not a string`);
        continue;
      }
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
    if (app.service?.nodePort !== undefined) return;
    const needing = workloads.filter((w) => w.serviceType === 'NodePort').map((w) => w.cluster.name);
    this.problems.check(needing.length === 0, `${this.at}.nodePort`, `is required: the load balancers reach the app through a NodePort in ${needing.join(', ')} (gcp.backend "instance-groups" / aws.loadBalancer "nlb"); pick a free port in ${NODE_PORT_RANGE}, or use gcp.backend "neg" / aws.loadBalancer "service"`);
  }
}

/** The app's in-cluster Ingress, when it asks for one. */
function inClusterIngressOf(app: AppPlan): InClusterIngressPlan | undefined {
  const exposure = app.service?.exposure;
  return exposure?.kind === 'load-balanced' ? exposure.ingress.inCluster : undefined;
}

/** The class of the app's in-cluster Ingress in `cluster`, when it has one: the cluster's, else the app's. */
function ingressClassOf(app: AppPlan, cluster: ClusterPlan): { ingressClassName?: string } {
  const inCluster = inClusterIngressOf(app);
  if (!inCluster) return {};
  const className = cluster.ingressClassName ?? inCluster.className;
  return className !== undefined ? { ingressClassName: className } : {};
}
