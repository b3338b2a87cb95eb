import type { ResolvedLoadBalancing } from './load-balancing';
import { tupleName } from './names';
import { isLoadBalanced, type AppPlan, type ClusterPlan, type ServiceType } from './plan';
import { ownValue } from './shapes';

/** The ports Kubernetes allocates NodePorts from (the API server's default `--service-node-port-range`). */
export const NODE_PORTS = { from: 30000, to: 32767 } as const;

/**
 * How an app's Service is exposed in a cluster: not at all without a public host; else as its cloud's load
 * balancer style needs (see {@link LoadBalancingProps}).
 */
export function serviceTypeOf(hasHost: boolean, loadBalancing: ResolvedLoadBalancing, cluster: Pick<ClusterPlan, 'cloud'>): ServiceType {
  if (!hasHost) return 'ClusterIP';
  if (cluster.cloud === 'gcp') return loadBalancing.gcp.backend === 'neg' ? 'ClusterIP' : 'NodePort';
  return loadBalancing.aws.loadBalancer === 'service' ? 'LoadBalancer' : 'NodePort';
}

/**
 * Annotations of the app's Service in a cluster, read by the cloud's controllers:
 * - GKE, `neg` backends: standalone zonal NEGs with a fixed name ({@link negName}), which the Terraform backend
 *   service looks up (https://cloud.google.com/kubernetes-engine/docs/how-to/standalone-neg);
 * - EKS, `service` load balancers: an internet-facing NLB from the AWS Load Balancer Controller, targeting pod
 *   IPs, health-checked on the readiness path, TLS 1.2+ with the region's certificate, deletion protection on
 *   (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/).
 */
export function serviceAnnotationsOf(app: AppPlan, cluster: Pick<ClusterPlan, 'name' | 'cloud' | 'region'>, fleetName: string): Record<string, string> {
  if (!isLoadBalanced(app)) return {};
  const { service } = app;
  if (cluster.cloud === 'gcp') {
    const gcp = service.exposure.gcp;
    if (gcp?.style !== 'neg') return {};
    return { 'cloud.google.com/neg': JSON.stringify({ exposed_ports: { [String(service.port)]: { name: negName(fleetName, cluster.name, app.name) } } }) };
  }
  const aws = service.exposure.aws;
  if (aws?.style !== 'service') return {};
  const certificate = ownValue(aws.certificateArns, cluster.region);
  return {
    'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
    'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
    'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol': 'HTTP',
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path': app.readiness.check.path,
    'service.beta.kubernetes.io/aws-load-balancer-healthcheck-port': 'traffic-port',
    'service.beta.kubernetes.io/aws-load-balancer-attributes': 'deletion_protection.enabled=true,load_balancing.cross_zone.enabled=true',
    ...(certificate ? {
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': certificate,
      'service.beta.kubernetes.io/aws-load-balancer-ssl-ports': String(service.port),
      'service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    } : {}),
  };
}

/**
 * Name of the standalone zonal NEGs of an app's Service in one GKE cluster. NEG names are zonal, and two GKE
 * clusters in one region share its zones: a name per app only would have both clusters' NEG controllers claim
 * the same NEG (a NEG is a zonal resource, `projects/{project}/zones/{zone}/networkEndpointGroups/{name}`:
 * https://cloud.google.com/compute/docs/reference/rest/v1/networkEndpointGroups/insert), and the load balancer
 * would list it twice. So the name is of the fleet, cluster and app, unique by construction
 * ({@link tupleName}), and the load balancer looks each cluster's NEGs up by zone and this name.
 */
export function negName(fleetName: string, cluster: string, app: string): string {
  return tupleName([fleetName, cluster, app], 63);
}
