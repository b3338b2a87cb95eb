import type { AppIngressProps, AppProps, ClusterOverride } from './app';
import type { AwsLoadBalancingProps } from './aws-load-balancing';
import type { AwsFleetProps } from './aws-settings';
import type { EksClusterProps, GkeClusterProps } from './cluster';
import type { EksClusterOptions, ExistingVpc } from './eks-options';
import { EnvValue } from './env-value';
import type { FleetProps } from './fleet';
import type { GcpLoadBalancingProps } from './gcp-load-balancing';
import type { CloudArmorProps, GcpFleetProps, GcpNetworkProps } from './gcp-settings';
import type { AuthorizedNetwork, GkeClusterOptions } from './gke-options';
import type { LoadBalancingProps } from './load-balancing';
import type { NodePoolProps } from './node-pool';
import { Placement } from './placement';
import { Probe, type ProbeTiming, type ReadinessProbeProps } from './probe';
import { Replicas } from './replicas';
import type { ContainerResources } from './resources';
import {
  boolean, either, instanceOf, isPlainObject, listOf, planned, props, recordOf, required, string, when, type PropsShape,
} from './shapes';
import type { WorkloadSecurityProps } from './workload-security';

/*
 * The shape of every props interface of the model, one check per prop (see `shapes.ts`). A prop added to an
 * interface needs its line here, or this file does not compile. `planned` props are any value the planner
 * checks itself (a port, a name); the others are checked here so that the planners can rely on their shape.
 */

const strings = listOf(string, 'a list of strings');
const stringMap = recordOf(string, 'an object of strings');

const timing: PropsShape<ProbeTiming> = {
  initialDelaySeconds: planned,
  periodSeconds: planned,
  timeoutSeconds: planned,
  failureThreshold: planned,
};

const readinessProps: PropsShape<ReadinessProbeProps> = { ...timing, path: planned };
const PROBE_FACTORIES = 'Probe.httpGet(path), Probe.tcp(), Probe.exec(command) or Probe.none()';
// A Probe, whose check the planner reads, or the props of an HTTP readiness probe.
const readiness = when((v) => v instanceof Probe, planned, when(isPlainObject, props(readinessProps, 'a readiness probe'),
  either(`a readiness probe; use ${PROBE_FACTORIES}, or { path }`)));

const resources: PropsShape<ContainerResources> = {
  cpuRequest: planned,
  cpuLimit: planned,
  memoryRequest: planned,
  memoryLimit: planned,
};

const envValue = either('a string or an EnvValue (EnvValue.fromCluster, EnvValue.fromClusterLabel)',
  (v) => typeof v === 'string', (v) => v instanceof EnvValue);
const env = recordOf(envValue, 'an object of environment variables');

// `tlsSecretName` is an option of earlier versions: the planner refuses it with its replacement.
const ingress: PropsShape<AppIngressProps & { readonly tlsSecretName?: unknown }> = { host: planned, path: planned, inCluster: planned, tlsSecretName: planned };

const override: PropsShape<ClusterOverride> = {
  replicas: planned,
  image: planned,
  env,
  resources: props(resources, 'the resources of a container'),
  // Checked by the app planner, which owns these options.
  configMaps: planned,
  networkPolicy: planned,
  identity: planned,
  autoscaling: planned,
};

const gcpLoadBalancing: PropsShape<GcpLoadBalancingProps> = { backend: planned, cdn: boolean, logSampleRate: planned };
const awsLoadBalancing: PropsShape<AwsLoadBalancingProps> = { loadBalancer: planned, albGroup: planned, keepNlb: planned, deletionProtection: boolean, certificateArns: stringMap };
const loadBalancing: PropsShape<LoadBalancingProps> = {
  gcp: props(gcpLoadBalancing, 'the GCP load balancing of an app'),
  aws: props(awsLoadBalancing, 'the AWS load balancing of an app'),
};

const security: PropsShape<WorkloadSecurityProps> = {
  runAsUser: planned,
  runAsGroup: planned,
  readOnlyRootFilesystem: boolean,
  writablePaths: strings,
  automountServiceAccountToken: boolean,
};

/** The props of `Fleet.addApp`. */
export const APP_PROPS: PropsShape<AppProps> = {
  name: planned,
  namespace: planned,
  image: planned,
  command: strings,
  args: strings,
  containerPort: planned,
  replicas: instanceOf(Replicas, 'Replicas.perCluster(n) or Replicas.divided(total)'),
  resources: props(resources, 'the resources of a container'),
  env,
  readiness,
  liveness: instanceOf(Probe, PROBE_FACTORIES),
  servicePort: planned,
  nodePort: planned,
  ingress: props(ingress, 'the ingress of an app'),
  placement: instanceOf(Placement, 'Placement.all(), Placement.clusters(...names) or Placement.matchLabels({...})'),
  overrides: recordOf(props(override, 'a cluster override'), 'an object of overrides by cluster name'),
  loadBalancing: props(loadBalancing, 'the load balancing of an app'),
  security: props(security, 'the security of an app'),
  // Checked by the app planner, which owns these options.
  autoscaling: planned,
  configMaps: planned,
  secretMounts: planned,
  identity: planned,
  networkPolicy: planned,
};

const nodePool: PropsShape<NodePoolProps> = { machineType: planned, minNodes: planned, maxNodes: planned, diskSizeGb: planned };

const authorizedNetwork: PropsShape<AuthorizedNetwork> = { cidr: planned, name: planned };
const gke: PropsShape<GkeClusterOptions> = {
  releaseChannel: planned,
  deletionProtection: boolean,
  privateNodes: boolean,
  authorizedNetworks: listOf(props(authorizedNetwork, 'an authorized network'), 'a list of authorized networks'),
  loadBalancerGroup: planned,
};

const existingVpc: PropsShape<ExistingVpc> = { vpcId: required(string), privateSubnetIds: required(strings), publicSubnetIds: required(strings) };
const eks: PropsShape<EksClusterOptions> = {
  kubernetesVersion: planned,
  deletionProtection: boolean,
  publicAccessCidrs: strings,
  adminPrincipalArns: strings,
  vpcCidr: planned,
  existingVpc: props(existingVpc, 'an existing VPC', true),
  supportType: planned,
};

/** The props of `Fleet.addCluster`, of either cloud. */
export const CLUSTER_PROPS: PropsShape<Omit<GkeClusterProps, 'cloud'> & Omit<EksClusterProps, 'cloud'> & { cloud: unknown }> = {
  name: planned,
  cloud: planned,
  region: string,
  zones: strings,
  labels: stringMap,
  weight: planned,
  nodePool: props(nodePool, 'a node pool'),
  ingressClassName: planned,
  gke: props(gke, 'the GKE options of a cluster'),
  eks: props(eks, 'the EKS options of a cluster'),
  // A ClusterLifecycle; checked by the cluster planner.
  lifecycle: planned,
};

const network: PropsShape<GcpNetworkProps> = { name: planned, existing: boolean, subnetCidrs: stringMap };
const cloudArmor: PropsShape<CloudArmorProps> = { adaptiveProtection: boolean, wafRules: strings };
const gcp: PropsShape<GcpFleetProps> = {
  project: planned,
  network: props(network, 'the GCP network'),
  cloudArmor: when((v) => v === false, planned, props(cloudArmor, 'the Cloud Armor policy, or false')),
};
const aws: PropsShape<AwsFleetProps> = { tags: stringMap, accessLogsBucketPrefix: planned, waf: boolean };

/** The props of `new Fleet(...)`. */
export const FLEET_PROPS: PropsShape<FleetProps> = {
  name: planned,
  gcp: props(gcp, 'the GCP settings of the fleet'),
  aws: props(aws, 'the AWS settings of the fleet'),
  // A DnsZone (DnsZone.route53 / DnsZone.cloudDns); anything else is refused by planDnsSettings.
  dns: planned,
  // A ControlPlaneAccess; checked by applyControlPlaneAccess.
  controlPlaneAccess: planned,
};

export { isPlainObject };
