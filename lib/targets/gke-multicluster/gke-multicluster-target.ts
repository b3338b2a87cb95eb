import { namespacesOf } from '../../kubernetes/cluster-chart';
import { renderNamespaceObjects } from '../../kubernetes/kubernetes-renderer';
import { isGcpBalanced, type FleetPlan, type GcpBalancedAppPlan } from '../../model';
import type { OutputFile } from '../../output/output-file';
import { stringifyYaml } from '../../output/yaml';
import type { ResolvedControlPlanes } from '../control-planes';

/** GKE's multi-cluster Gateway class: a global external Application Load Balancer over the fleet's clusters. */
export const MULTI_CLUSTER_GATEWAY_CLASS = 'gke-l7-global-external-managed-mc';

/** The apps GKE's multi-cluster load balancing serves: those with a host, placed on a GKE cluster. */
export function multiClusterApps(plan: FleetPlan): GcpBalancedAppPlan[] {
  return plan.apps.filter(isGcpBalanced);
}

/**
 * GKE's own multi-cluster load balancing, for the fleet's GKE clusters, in two forms (pick one):
 * - `config-cluster/`: a MultiClusterService and a MultiClusterIngress per app with a host
 *   (networking.gke.io/v1, https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-ingress), applied
 *   to the config cluster; GKE builds the global load balancer from them. It replaces the Terraform
 *   `gcp-global-lb` stack: use one or the other for an app.
 * - `gateway/`: a Gateway of the multi-cluster class and an HTTPRoute per app, applied to the config cluster, with
 *   `members/<cluster>/`: a ServiceExport of each app in each GKE cluster it runs on
 *   (https://cloud.google.com/kubernetes-engine/docs/how-to/deploying-multi-cluster-gateways).
 * Both need the clusters registered in a fleet with the features on: the `gke-fleet-hub` stack does it.
 */
export function* renderGkeMultiCluster(plan: FleetPlan, options: NonNullable<ResolvedControlPlanes['gkeMultiCluster']>): Generator<OutputFile> {
  const apps = multiClusterApps(plan);
  const namespaces = namespacesOf(apps.flatMap((a) => plan.workloadsOf(a.name)));
  const namespaceFile = stringifyYaml(renderNamespaceObjects(plan, namespaces));
  if (namespaces.length > 0) yield { path: 'config-cluster/00-namespaces.yaml', content: namespaceFile };
  for (const app of apps) yield { path: `config-cluster/app-${app.name}.yaml`, content: stringifyYaml(multiClusterIngress(plan, app)) };

  const gatewayNamespace = `${plan.name}-gateway`;
  yield { path: 'gateway/00-namespaces.yaml', content: stringifyYaml(renderNamespaceObjects(plan, [...new Set([gatewayNamespace, ...namespaces])].sort())) };
  yield {
    path: 'gateway/gateway.yaml',
    content: stringifyYaml([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {
        name: plan.name,
        namespace: gatewayNamespace,
        labels: { 'app.kubernetes.io/part-of': plan.name, 'app.kubernetes.io/managed-by': 'cdk-fleet' },
        // HTTPS with the Certificate Manager map of the hosts (https://cloud.google.com/kubernetes-engine/docs/how-to/secure-gateway#certificate-manager).
        annotations: { 'networking.gke.io/certmap': options.certificateMap },
      },
      spec: {
        gatewayClassName: MULTI_CLUSTER_GATEWAY_CLASS,
        listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, allowedRoutes: { namespaces: { from: 'All' } } }],
      },
    }]),
  };
  for (const app of apps) {
    yield {
      path: `gateway/route-${app.name}.yaml`,
      content: stringifyYaml([{
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: app.name, namespace: app.namespace, labels: { ...app.labels } },
        spec: {
          parentRefs: [{ name: plan.name, namespace: gatewayNamespace, sectionName: 'https' }],
          hostnames: [app.service.exposure.ingress.host],
          rules: [{
            matches: [{ path: { type: 'PathPrefix', value: app.service.exposure.ingress.path } }],
            backendRefs: [{ group: 'net.gke.io', kind: 'ServiceImport', name: app.name, port: app.service.port }],
          }],
        },
      }]),
    };
  }
  for (const cluster of plan.clustersOn('gcp')) {
    const exported = apps.filter((app) => plan.workloadsOf(app.name).some((w) => w.cluster === cluster));
    if (exported.length === 0) continue;
    yield {
      path: `members/${cluster.name}/service-exports.yaml`,
      content: stringifyYaml(exported.map((app) => ({
        apiVersion: 'net.gke.io/v1',
        kind: 'ServiceExport',
        metadata: { name: app.name, namespace: app.namespace, labels: { ...app.labels } },
      }))),
    };
  }
}

/** The MultiClusterService and MultiClusterIngress of an app. */
function multiClusterIngress(plan: FleetPlan, app: GcpBalancedAppPlan): Record<string, unknown>[] {
  const clusters = plan.workloadsOf(app.name).filter((w) => w.cluster.cloud === 'gcp').map((w) => w.cluster);
  const metadata = { name: app.name, namespace: app.namespace, labels: { ...app.labels } };
  const { service } = app;
  const { ingress } = service.exposure;
  return [
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'MultiClusterService',
      metadata,
      spec: {
        template: { spec: { selector: { ...app.selector }, ports: [{ name: service.portName, protocol: 'TCP', port: service.port, targetPort: service.containerPort }] } },
        // Only the clusters the app runs on: "<region>/<cluster name>" of their fleet memberships.
        clusters: clusters.map((c) => ({ link: `${c.region}/${c.name}` })),
      },
    },
    {
      apiVersion: 'networking.gke.io/v1',
      kind: 'MultiClusterIngress',
      metadata,
      spec: {
        template: {
          spec: {
            backend: { serviceName: app.name, servicePort: service.port },
            rules: [{ host: ingress.host, http: { paths: [{ path: ingress.path, backend: { serviceName: app.name, servicePort: service.port } }] } }],
            // Only a Secret that exists: cert-manager's ingress-shim watches Ingresses, not MultiClusterIngresses.
            ...(ingress.inCluster?.tls.kind === 'secret' ? { tls: [{ secretName: ingress.inCluster.tls.secretName }] } : {}),
          },
        },
      },
    },
  ];
}
