import { ComputeBackendService, type ComputeBackendServiceBackend } from '@cdktf/provider-google/lib/compute-backend-service';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeHealthCheck } from '@cdktf/provider-google/lib/compute-health-check';
import { ComputeInstanceGroupNamedPortA as ComputeInstanceGroupNamedPort } from '@cdktf/provider-google/lib/compute-instance-group-named-port';
import { DataGoogleComputeNetworkEndpointGroup } from '@cdktf/provider-google/lib/data-google-compute-network-endpoint-group';
import { Fn, TerraformCount } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_LOAD_BALANCER_GROUP, gcpBackendGroups, isDefaultGroup, negName, routeWeights, type GcpBackendGroup, type GcpBalancedAppPlan, type WorkloadPlan } from '../../model';
import type { FleetStack } from '../fleet-stack';
import { GkeClusterStack } from './gke-cluster-stack';
import { appFirewallName, appResourceName, backendServiceName, namedPort, nodeTag } from './gcp-names';
import { GOOGLE_LOAD_BALANCER_RANGES } from '../../model/network-policy';

// Where Google's health checkers and proxies connect from: defined once, in the model, for the firewall here and
// the apps' NetworkPolicies.
export { GOOGLE_LOAD_BALANCER_RANGES };

/** Properties of a {@link GcpAppBackend}. */
export interface GcpAppBackendProps {
  readonly app: GcpBalancedAppPlan;
  /** The app in each GKE cluster it is placed on. */
  readonly workloads: readonly WorkloadPlan[];
  /** Self link of the fleet's VPC network. */
  readonly network: string;
  /** The Cloud Armor policy of the backend. */
  readonly securityPolicy?: string;
}

/**
 * One app behind the Google global load balancer: its health check, its backend services (one per load balancer
 * group of the GKE clusters it runs on, `gke.loadBalancerGroup`: a backend service holds at most 50 backends) and
 * its firewall rule. (Its host's certificate is the host's: see `HostCertificate`.)
 *
 * With `instance-groups` backends (the seed's way), the app's NodePort gets a named port on every instance group
 * of every GKE cluster the app runs on, and each instance group is a backend; the health check probes the
 * readiness path on the NodePort. With `neg` backends, each zonal NEG that the NEG controller made for the app's
 * Service is a backend (looked up by name and zone, so they must exist: apply Kubernetes first).
 */
export class GcpAppBackend extends Construct {
  /** Logical id of an app's health check in the load balancer stack. */
  public static healthCheckId(app: string): string {
    return `health-check-${app}`;
  }

  /**
   * Logical id of an app's backend service for a load balancer group: the default group's is the id every app's
   * backend service had before groups existed; another group's adds the group after `_`, which no app name holds,
   * so no (app, group) pair meets another's id.
   */
  public static backendServiceId(app: string, group: string): string {
    return isDefaultGroup(group) ? `backend-${app}` : `backend-${app}_${group}`;
  }

  /** Logical id of an app's named port on a cluster's instance groups. */
  public static namedPortId(app: string, cluster: string): string {
    return `named-port-${app}-${cluster}`;
  }

  public readonly healthCheck: ComputeHealthCheck;
  /** The app's backend service of each load balancer group, by group, in group order. */
  public readonly backendServices = new Map<string, ComputeBackendService>();
  /**
   * Where the URL map sends the app: its groups' backend services, each with its weight (the sum of its clusters'
   * `weight`, within Google's 0..1000). One entry when the app runs in one group.
   */
  public readonly routes: readonly { readonly backendService: string; readonly weight: number }[];
  public readonly firewall: ComputeFirewall;
  /** The port the load balancer connects to on the nodes (NodePort) or pods (container port). */
  public readonly port: number;

  constructor(scope: FleetStack, id: string, props: GcpAppBackendProps) {
    super(scope, id);
    const { app } = props;
    const plan = scope.plan;
    const name = appResourceName(plan, app);
    const gcp = app.service.exposure.gcp;
    const viaNodes = gcp.style === 'instance-groups';
    this.port = gcp.style === 'instance-groups' ? gcp.nodePort : app.service.containerPort;

    this.healthCheck = new ComputeHealthCheck(scope, GcpAppBackend.healthCheckId(app.name), {
      name,
      description: `Readiness of ${app.name} (${app.readiness.check.path}).`,
      checkIntervalSec: app.readiness.periodSeconds,
      timeoutSec: Math.min(app.readiness.timeoutSeconds, app.readiness.periodSeconds),
      healthyThreshold: 2,
      unhealthyThreshold: app.readiness.failureThreshold,
      httpHealthCheck: viaNodes
        ? { port: this.port, requestPath: app.readiness.check.path }
        : { portSpecification: 'USE_SERVING_PORT', requestPath: app.readiness.check.path },
      logConfig: { enable: false },
    });

    const grouped = gcpBackendGroups(app, props.workloads);
    // An app whose GKE clusters all left keeps an empty backend service, which the URL map still names.
    const groups: readonly GcpBackendGroup[] = grouped.length > 0 ? grouped : [{ group: DEFAULT_LOAD_BALANCER_GROUP, workloads: [], backends: 0, weight: 1 }];
    const weights = routeWeights(groups);
    this.routes = groups.map(({ group, workloads }, i) => {
      const backends = workloads.flatMap((w) => (gcp.style === 'instance-groups'
        ? this.instanceGroupBackends(scope, app, w, gcp.nodePort)
        : this.negBackends(scope, app, w)));
      const service = this.backendService(scope, props, group, workloads, backends);
      this.backendServices.set(group, service);
      return { backendService: service.id, weight: weights[i] };
    });

    this.firewall = new ComputeFirewall(scope, `firewall-${app.name}`, {
      name: appFirewallName(plan, app),
      description: `Google's load balancer and health checkers to ${app.name} on port ${this.port}.`,
      network: props.network,
      direction: 'INGRESS',
      allow: [{ protocol: 'tcp', ports: [String(this.port)] }],
      sourceRanges: [...GOOGLE_LOAD_BALANCER_RANGES],
      targetTags: props.workloads.map((w) => nodeTag(plan, w.cluster)),
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    });
  }

  /** The app's backend service of one load balancer group. */
  private backendService(scope: FleetStack, props: GcpAppBackendProps, group: string, workloads: readonly WorkloadPlan[], backends: ComputeBackendServiceBackend[]): ComputeBackendService {
    const { app } = props;
    const gcp = app.service.exposure.gcp;
    return new ComputeBackendService(scope, GcpAppBackend.backendServiceId(app.name, group), {
      name: backendServiceName(scope.plan, app, group),
      description: `${app.name} in ${workloads.map((w) => w.cluster.name).join(', ')}.`,
      protocol: 'HTTP',
      loadBalancingScheme: 'EXTERNAL_MANAGED',
      ...(gcp.style === 'instance-groups' ? { portName: namedPort(app) } : {}),
      timeoutSec: 30,
      connectionDrainingTimeoutSec: 30,
      healthChecks: [this.healthCheck.id],
      backend: backends,
      logConfig: { enable: gcp.logSampleRate > 0, sampleRate: gcp.logSampleRate },
      enableCdn: gcp.cdn,
      ...(gcp.cdn ? { cdnPolicy: { cacheMode: 'USE_ORIGIN_HEADERS' } } : {}),
      ...(props.securityPolicy ? { securityPolicy: props.securityPolicy } : {}),
    });
  }

  /**
   * The node pool's instance groups of one cluster, one per zone. The groups are read from the cluster stack's
   * output (managed instance group URLs, whose group has the same name); their number is the cluster's zone
   * count, known at synth time, and each group's zone is read from its own URL, so the order of the list does
   * not matter.
   */
  private instanceGroupBackends(stack: FleetStack, app: GcpBalancedAppPlan, workload: WorkloadPlan, nodePort: number): ComputeBackendServiceBackend[] {
    const { cluster } = workload;
    const managers = stack.consume(GkeClusterStack.outputsOf(cluster.name).instanceGroupUrls);
    const group = (index: number) => Fn.replace(Fn.element(managers, index), 'instanceGroupManagers', 'instanceGroups');
    const count = TerraformCount.of(cluster.zoneCount);
    new ComputeInstanceGroupNamedPort(stack, GcpAppBackend.namedPortId(app.name, cluster.name), {
      count,
      group: group(count.index),
      zone: Fn.element(Fn.split('/', Fn.element(managers, count.index)), 8),
      name: namedPort(app),
      port: nodePort,
    });
    return Array.from({ length: cluster.zoneCount }, (_, i) => ({
      group: group(i),
      balancingMode: 'UTILIZATION',
      maxUtilization: 0.8,
      capacityScaler: 1,
    }));
  }

  /** The standalone zonal NEGs of the app's Service in one cluster, one per zone, by their name in that cluster. */
  private negBackends(stack: FleetStack, app: GcpBalancedAppPlan, workload: WorkloadPlan): ComputeBackendServiceBackend[] {
    const { cluster } = workload;
    return cluster.zones.map((zone) => {
      const neg = new DataGoogleComputeNetworkEndpointGroup(stack, `neg-${app.name}-${cluster.name}-${zone}`, { name: negName(stack.plan.name, cluster.name, app.name), zone });
      return { group: neg.id, balancingMode: 'RATE', maxRatePerEndpoint: 100, capacityScaler: 1 };
    });
  }
}
