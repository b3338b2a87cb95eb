import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Namespace and service account of the Cluster Autoscaler: the EKS Pod Identity association names them. */
export const CLUSTER_AUTOSCALER = { namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' } as const;

/** Properties of a {@link ClusterAutoscaler}. */
export interface ClusterAutoscalerProps {
  /** The EKS cluster's name: the autoscaler finds its node groups by the tag `k8s.io/cluster-autoscaler/<name>`. */
  readonly clusterName: string;
  /** The cluster's Kubernetes minor version, e.g. `1.33`: the autoscaler's release must match it. */
  readonly kubernetesVersion: string;
  /** Labels of every object (the fleet's, so `kubectl apply --prune` keeps them in scope). */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The Kubernetes Cluster Autoscaler for an EKS cluster, so a managed node group grows to its `max_size` when pods
 * do not fit and shrinks back: EKS itself never changes a node group's desired size. It discovers the node
 * groups by the tags EKS puts on their Auto Scaling groups (`k8s.io/cluster-autoscaler/enabled`,
 * `k8s.io/cluster-autoscaler/<cluster>`), and acts through the IAM role that the cluster's stack associates with
 * its service account (EKS Pod Identity). RBAC and flags follow the project's AWS example
 * (kubernetes/autoscaler, cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml), with
 * the pod hardened as the apps are (non-root, read-only root filesystem, no capabilities, RuntimeDefault seccomp).
 */
export class ClusterAutoscaler extends Construct {
  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    const { namespace, serviceAccount: name } = CLUSTER_AUTOSCALER;
    const labels = { ...props.labels, 'app.kubernetes.io/name': name };
    const metadata = { name, namespace, labels };
    new ApiObject(this, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata });
    const read = ['watch', 'list', 'get'];
    new ApiObject(this, 'cluster-role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      rules: [
        { apiGroups: [''], resources: ['events', 'endpoints'], verbs: ['create', 'patch'] },
        { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
        { apiGroups: [''], resources: ['pods/status'], verbs: ['update'] },
        { apiGroups: [''], resources: ['endpoints'], resourceNames: [name], verbs: ['get', 'update'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['watch', 'list', 'get', 'update'] },
        { apiGroups: [''], resources: ['namespaces', 'pods', 'services', 'replicationcontrollers', 'persistentvolumeclaims', 'persistentvolumes'], verbs: read },
        { apiGroups: ['extensions'], resources: ['replicasets', 'daemonsets'], verbs: read },
        { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['watch', 'list'] },
        { apiGroups: ['apps'], resources: ['statefulsets', 'replicasets', 'daemonsets'], verbs: read },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csinodes', 'csidrivers', 'csistoragecapacities'], verbs: read },
        { apiGroups: ['batch', 'extensions'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'patch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
        { apiGroups: ['coordination.k8s.io'], resourceNames: [name], resources: ['leases'], verbs: ['get', 'update'] },
      ],
    });
    new ApiObject(this, 'role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'list', 'watch'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['cluster-autoscaler-status', 'cluster-autoscaler-priority-expander'], verbs: ['delete', 'get', 'update', 'watch'] },
      ],
    });
    const subjects = [{ kind: 'ServiceAccount', name, namespace }];
    new ApiObject(this, 'cluster-role-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects,
    });
    new ApiObject(this, 'role-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects,
    });
    const selector = { 'app.kubernetes.io/name': name };
    new ApiObject(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: name,
            priorityClassName: 'system-cluster-critical',
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name,
              // One release per Kubernetes minor version (https://github.com/kubernetes/autoscaler/tree/master/cluster-autoscaler#releases).
              image: `registry.k8s.io/autoscaling/cluster-autoscaler:v${props.kubernetesVersion}.0`,
              command: [
                './cluster-autoscaler',
                '--cloud-provider=aws',
                `--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/${props.clusterName}`,
                '--balance-similar-node-groups',
                '--skip-nodes-with-system-pods=false',
                '--expander=least-waste',
                '--v=2',
              ],
              resources: { requests: { cpu: '100m', memory: '600Mi' }, limits: { memory: '600Mi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                runAsNonRoot: true,
                runAsUser: 65534,
                runAsGroup: 65534,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
              readinessProbe: { httpGet: { path: '/health-check', port: 8085 }, periodSeconds: 10 },
              livenessProbe: { tcpSocket: { port: 8085 }, initialDelaySeconds: 30, periodSeconds: 20 },
            }],
          },
        },
      },
    });
  }
}
