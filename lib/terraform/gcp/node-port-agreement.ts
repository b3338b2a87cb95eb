import type { RenderedService } from '../../kubernetes/kubernetes-renderer';
import type { FleetPlan } from '../../model';
import { GcpAppBackend } from './gcp-app-backend';
import { globallyBalancedApps } from './global-load-balancer-stack';

/**
 * Where the per-cluster Kubernetes output and the global load balancer disagree on the NodePort that reaches an
 * app: the Service's `nodePort` in each GKE cluster, the health check's port and each cluster's named port.
 *
 * Both outputs take the port from the plan, so they agree unless an escape hatch (`kubernetes.extend`,
 * `terraform.extend`) changed one side; then the load balancer would probe, and send traffic to, a port where
 * nothing listens. Read from the synthesized output, not from the plan.
 *
 * @param loadBalancer the synthesized `gcp-global-lb` stack (its cdk.tf.json)
 */
export function nodePortDisagreements(plan: FleetPlan, services: readonly RenderedService[], loadBalancer: Record<string, any>): string[] {
  const problems: string[] = [];
  const resources = loadBalancer.resource ?? {};
  for (const app of globallyBalancedApps(plan)) {
    if (app.service.exposure.gcp.style !== 'instance-groups') continue;
    const checked = resources.google_compute_health_check?.[GcpAppBackend.healthCheckId(app.name)]?.http_health_check?.port;
    for (const workload of plan.workloadsOf(app.name).filter((w) => w.cluster.cloud === 'gcp')) {
      const cluster = workload.cluster.name;
      const service = services.find((s) => s.cluster === cluster && s.namespace === app.namespace && s.name === app.name);
      const named = resources.google_compute_instance_group_named_port?.[GcpAppBackend.namedPortId(app.name, cluster)]?.port;
      const where = `app "${app.name}" in cluster "${cluster}"`;
      if (!service || service.type !== 'NodePort') {
        problems.push(`${where}: the load balancer reaches it through a NodePort, but its Service ${app.namespace}/${app.name} is ${service ? `of type ${service.type}` : 'missing'} in the cluster's manifests`);
      } else if (!service.nodePorts.includes(checked) || named !== checked) {
        problems.push(`${where}: the Service listens on NodePort ${service.nodePorts.join(', ')}, the load balancer's health check probes ${checked} and the instance groups' named port is ${named}; an escape hatch changed one side: change the app's nodePort instead, or both sides alike`);
      }
    }
  }
  return problems;
}
