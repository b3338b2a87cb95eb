import type { FleetPlan } from '../model';
import { namespaceLabels } from './cluster-chart';

/**
 * The kinds `kubectl apply --prune` may delete in a cluster: every kind the fleet writes to a cluster's folder
 * (a test checks that each kind of the output is listed). kubectl's default list lacks PodDisruptionBudget, so a
 * budget dropped when a cluster goes to one replica would stay; an explicit list prunes exactly these.
 * (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#alternative-kubectl-apply-f-directory-prune)
 */
export const PRUNE_ALLOWLIST = [
  'core/v1/Namespace',
  'core/v1/ConfigMap',
  'core/v1/Secret',
  'core/v1/Service',
  'core/v1/ServiceAccount',
  'apps/v1/Deployment',
  'autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy',
  'policy/v1/PodDisruptionBudget',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1/Role',
  'rbac.authorization.k8s.io/v1/RoleBinding',
] as const;

/** The label selector of the fleet's objects: every object we write carries these labels, and nothing else does. */
export function pruneSelector(plan: FleetPlan): string {
  return Object.entries(namespaceLabels(plan)).map(([k, v]) => `${k}=${v}`).sort().join(',');
}

/**
 * The flags that make `kubectl apply -f <a cluster's folder>` delete the fleet's objects the folder no longer
 * holds: an app moved off the cluster (its namespace goes, and everything in it), a PodDisruptionBudget dropped.
 * Pruning is scoped to the fleet's labels and the listed kinds, so nothing that other tools made is touched.
 * Objects that `kubernetes.extend` adds need the same labels, or `-l` skips them.
 */
export function pruneFlags(plan: FleetPlan): string {
  return `--prune -l ${pruneSelector(plan)} ${PRUNE_ALLOWLIST.map((k) => `--prune-allowlist=${k}`).join(' ')}`;
}

/** The command that applies a cluster's folder with {@link pruneFlags}. */
export function kubectlApplyCommand(plan: FleetPlan, cluster: string, folder = `dist/kubernetes/${cluster}/`): string {
  return `kubectl --context ${cluster} apply -f ${folder} ${pruneFlags(plan)}`;
}
