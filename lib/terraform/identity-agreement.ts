import { GKE_SERVICE_ACCOUNT_ANNOTATION } from '../kubernetes/federated-workload';
import type { RenderedServiceAccount } from '../kubernetes/kubernetes-renderer';
import type { FleetPlan } from '../model';
import { podIdentityAssociationId } from './aws/eks-pod-identity';
import { workloadIdentityMember, workloadServiceAccountId } from './gcp/gke-workload-identity';

/**
 * Where the per-cluster Kubernetes output and a cluster's stack disagree on an app's cloud identity: the app's
 * ServiceAccount must exist in the cluster and run the app's Deployment; on GKE its annotation must name the
 * Google service account the stack creates, which its Workload Identity binding lets it use; on EKS the pod
 * identity association must name it.
 *
 * Both outputs take the names from the plan, so they agree unless an escape hatch changed one side; then the pods
 * would run without their permissions. Read from the synthesized output, not from the plan.
 *
 * @param readStack the synthesized stack of that name (its cdk.tf.json), or undefined when there is none
 */
export function identityDisagreements(plan: FleetPlan, accounts: readonly RenderedServiceAccount[], readStack: (name: string) => Record<string, any> | undefined): string[] {
  const problems: string[] = [];
  for (const cluster of plan.clusters) {
    const identities = plan.workloadsOn(cluster.name).filter((w) => w.identity);
    if (identities.length === 0) continue;
    const resources = readStack(`cluster-${cluster.name}`)?.resource ?? {};
    for (const w of identities) {
      const app = w.app;
      const where = `app "${app.name}" in cluster "${cluster.name}"`;
      const account = accounts.find((a) => a.cluster === cluster.name && a.namespace === app.namespace && a.name === app.serviceAccountName);
      if (!account || !account.usedBy.includes(app.name)) {
        problems.push(`${where}: its cloud identity is bound to the ServiceAccount ${app.namespace}/${app.serviceAccountName}, which ${account ? 'the Deployment does not run as' : 'is missing from the cluster\'s manifests'}; an escape hatch changed it`);
        continue;
      }
      if (w.identity?.cloud === 'gcp') {
        const project = plan.gcpProject();
        const accountId = resources.google_service_account?.[workloadServiceAccountId(app.name)]?.account_id;
        const email = `${accountId}@${project}.iam.gserviceaccount.com`;
        const member = resources.google_service_account_iam_member?.[`app-${app.name}-workload-identity`]?.member;
        const annotated = account.annotations[GKE_SERVICE_ACCOUNT_ANNOTATION];
        if (annotated !== email || member !== workloadIdentityMember(project, account.namespace, account.name)) {
          problems.push(`${where}: the ServiceAccount is annotated with the Google service account ${annotated ?? '(none)'}, the stack creates ${accountId ? email : 'none'} and lets ${member ?? 'nobody'} use it; an escape hatch changed one side`);
        }
      } else {
        const association = resources.aws_eks_pod_identity_association?.[podIdentityAssociationId(app.name)];
        if (association?.namespace !== account.namespace || association?.service_account !== account.name) {
          problems.push(`${where}: the pod identity association names ${association ? `${association.namespace}/${association.service_account}` : 'nothing'}, the pods run as ${account.namespace}/${account.name}; an escape hatch changed one side`);
        }
      }
    }
  }
  return problems;
}
