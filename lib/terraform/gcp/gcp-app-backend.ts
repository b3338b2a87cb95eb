import { CertificateManagerCertificate } from '@cdktf/provider-google/lib/certificate-manager-certificate';
import { CertificateManagerCertificateMapEntry } from '@cdktf/provider-google/lib/certificate-manager-certificate-map-entry';
import { ComputeBackendService, type ComputeBackendServiceBackend } from '@cdktf/provider-google/lib/compute-backend-service';
import { ComputeFirewall } from '@cdktf/provider-google/lib/compute-firewall';
import { ComputeHealthCheck } from '@cdktf/provider-google/lib/compute-health-check';
import { ComputeInstanceGroupNamedPortA as ComputeInstanceGroupNamedPort } from '@cdktf/provider-google/lib/compute-instance-group-named-port';
import { DataGoogleComputeNetworkEndpointGroup } from '@cdktf/provider-google/lib/data-google-compute-network-endpoint-group';
import { Fn, TerraformCount } from 'cdktf';
import { Construct } from 'constructs';
import type { GcpBalancedAppPlan, WorkloadPlan } from '../../model';
import type { FleetStack } from '../fleet-stack';
import { appFirewallName, appResourceName, namedPort, nodeTag } from './gcp-names';

/**
 * Where Google's health checkers and the global load balancer's proxies connect from
 * (https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges).
 */
export const GOOGLE_LOAD_BALANCER_RANGES = ['130.211.0.0/22', '35.191.0.0/16'];

/** Properties of a {@link GcpAppBackend}. */
export interface GcpAppBackendProps {
  readonly app: GcpBalancedAppPlan;
  /** The app in each GKE cluster it is placed on. */
  readonly workloads: readonly WorkloadPlan[];
  /** Self link of the fleet's VPC network. */
  readonly network: string;
  /** The fleet's certificate map, which serves the app's certificate for its host. */
  readonly certificateMapName: string;
  /** The Cloud Armor policy of the backend. */
  readonly securityPolicy?: string;
}

/**
 * One app behind the Google global load balancer: its health check, backend service, firewall rule and
 * Google-managed certificate.
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

  /** Logical id of an app's named port on a cluster's instance groups. */
  public static namedPortId(app: string, cluster: string): string {
    return `named-port-${app}-${cluster}`;
  }

  public readonly healthCheck: ComputeHealthCheck;
  public readonly backendService: ComputeBackendService;
  public readonly firewall: ComputeFirewall;
  /** The port the load balancer connects to on the nodes (NodePort) or pods (container port). */
  public readonly port: number;

  constructor(scope: FleetStack, id: string, props: GcpAppBackendProps) {
    super(scope, id);
    const { app } = props;
    const plan = scope.plan;
    const name = appResourceName(plan, app);
    const gcp = app.service.exposure.gcp;
    const { host } = app.service.exposure.ingress;
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

    const backends = props.workloads.flatMap((w) => (gcp.style === 'instance-groups'
      ? this.instanceGroupBackends(scope, app, w, gcp.nodePort)
      : this.negBackends(scope, app, w, gcp.negName)));
    this.backendService = new ComputeBackendService(scope, `backend-${app.name}`, {
      name,
      description: `${app.name} in ${props.workloads.map((w) => w.cluster.name).join(', ')}.`,
      protocol: 'HTTP',
      loadBalancingScheme: 'EXTERNAL_MANAGED',
      ...(viaNodes ? { portName: namedPort(app) } : {}),
      timeoutSec: 30,
      connectionDrainingTimeoutSec: 30,
      healthChecks: [this.healthCheck.id],
      backend: backends,
      logConfig: { enable: gcp.logSampleRate > 0, sampleRate: gcp.logSampleRate },
      enableCdn: gcp.cdn,
      ...(gcp.cdn ? { cdnPolicy: { cacheMode: 'USE_ORIGIN_HEADERS' } } : {}),
      ...(props.securityPolicy ? { securityPolicy: props.securityPolicy } : {}),
    });

    this.firewall = new ComputeFirewall(scope, `firewall-${app.name}`, {
      name: appFirewallName(plan, app),
      description: `Google's load balancer and health checkers to ${app.name} on port ${this.port}.`,
      network: props.network,
      direction: 'INGRESS',
      allow: [{ protocol: 'tcp', ports: [String(this.port)] }],
      sourceRanges: GOOGLE_LOAD_BALANCER_RANGES,
      targetTags: props.workloads.map((w) => nodeTag(plan, w.cluster)),
      logConfig: { metadata: 'INCLUDE_ALL_METADATA' },
    });

    const certificate = new CertificateManagerCertificate(scope, `certificate-${app.name}`, {
      name,
      description: `Google-managed certificate of ${host}.`,
      scope: 'DEFAULT',
      managed: { domains: [host] },
    });
    new CertificateManagerCertificateMapEntry(scope, `certificate-map-entry-${app.name}`, {
      name,
      map: props.certificateMapName,
      hostname: host,
      certificates: [certificate.id],
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
    const managers = stack.consumeList(`cluster-${cluster.name}`, 'instance_group_urls');
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

  /** The standalone zonal NEGs of the app's Service in one cluster, one per zone, by their fixed name. */
  private negBackends(stack: FleetStack, app: GcpBalancedAppPlan, workload: WorkloadPlan, negName: string): ComputeBackendServiceBackend[] {
    const { cluster } = workload;
    return cluster.zones.map((zone) => {
      const neg = new DataGoogleComputeNetworkEndpointGroup(stack, `neg-${app.name}-${cluster.name}-${zone}`, { name: negName, zone });
      return { group: neg.id, balancingMode: 'RATE', maxRatePerEndpoint: 100, capacityScaler: 1 };
    });
  }
}
