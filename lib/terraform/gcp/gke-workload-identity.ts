import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import type { Construct } from 'constructs';
import type { ClusterPlan, FleetPlan } from '../../model';

/** The role that lets a Kubernetes ServiceAccount act as a Google service account (Workload Identity). */
export const WORKLOAD_IDENTITY_USER = 'roles/iam.workloadIdentityUser';

/** Terraform id of the Google service account of an app in its cluster's stack. */
export function workloadServiceAccountId(app: string): string {
  return `app-${app}-service-account`;
}

/** The Workload Identity member of a Kubernetes ServiceAccount: `serviceAccount:<project>.svc.id.goog[<ns>/<name>]`. */
export function workloadIdentityMember(project: string, namespace: string, serviceAccount: string): string {
  return `serviceAccount:${project}.svc.id.goog[${namespace}/${serviceAccount}]`;
}

/**
 * GKE Workload Identity for the apps of a cluster that have a Google identity
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity): per app, a Google service account
 * named in the plan (the same name the Kubernetes ServiceAccount's `iam.gke.io/gcp-service-account` annotation
 * holds), granted the app's roles on the project, and impersonable by the app's Kubernetes ServiceAccount only.
 * The cluster's workload pool and the nodes' GKE metadata server are set by the cluster stack.
 */
export function addWorkloadIdentities(scope: Construct, plan: FleetPlan, cluster: ClusterPlan): void {
  const workloads = plan.workloadsOn(cluster.name);
  if (!workloads.some((w) => w.identity?.cloud === 'gcp')) return;
  const project = plan.gcpProject();
  for (const w of workloads) {
    const identity = w.identity;
    if (identity?.cloud !== 'gcp') continue;
    const app = w.app;
    const account = new ServiceAccount(scope, workloadServiceAccountId(app.name), {
      accountId: identity.accountId,
      displayName: `App ${app.name} in the GKE cluster ${cluster.name}`,
    });
    for (const role of identity.projectRoles) {
      new ProjectIamMember(scope, `app-${app.name}-role-${role.replace(/^roles\//, '').replace(/[^A-Za-z0-9_-]/g, '-')}`, { project, role, member: account.member });
    }
    new ServiceAccountIamMember(scope, `app-${app.name}-workload-identity`, {
      serviceAccountId: account.name,
      role: WORKLOAD_IDENTITY_USER,
      member: workloadIdentityMember(project, app.namespace, app.serviceAccountName),
    });
  }
}
