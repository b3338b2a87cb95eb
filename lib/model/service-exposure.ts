import type { ResolvedLoadBalancing } from './load-balancing';
import type { AppPlan, ClusterPlan, ServiceType } from './plan';

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
 * - GKE, `neg` backends: standalone zonal NEGs with a fixed name, which the Terraform backend service looks up
 *   (https://cloud.google.com/kubernetes-engine/docs/how-to/standalone-neg);
 * - EKS, `service` load balancers: an internet-facing NLB from the AWS Load Balancer Controller, targeting pod
 *   IPs, health-checked on the readiness path, TLS 1.2+ with the region's certificate, deletion protection on
 *   (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/annotations/).
 */
export function serviceAnnotationsOf(app: AppPlan, cluster: Pick<ClusterPlan, 'cloud' | 'region'>): Record<string, string> {
  const { service } = app;
  if (service.exposure.kind === 'internal') return {};
  if (cluster.cloud === 'gcp') {
    const gcp = service.exposure.gcp;
    if (gcp?.style !== 'neg') return {};
    return { 'cloud.google.com/neg': JSON.stringify({ exposed_ports: { [String(service.port)]: { name: gcp.negName } } }) };
  }
  const aws = service.exposure.aws;
  if (aws?.style !== 'service') return {};
  const certificate = aws.certificateArns[cluster.region];
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
