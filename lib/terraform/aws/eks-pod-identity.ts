import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { Construct } from 'constructs';
import type { ClusterPlan, FleetPlan } from '../../model';

/** The service that EKS Pod Identity roles trust (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html). */
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

/** Terraform id of the pod identity association of an app in its cluster's stack. */
export function podIdentityAssociationId(app: string): string {
  return `app-${app}-pod-identity`;
}

/**
 * EKS Pod Identity for the apps of a cluster that have an AWS identity
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html), through the cluster's Pod Identity Agent
 * add-on (`agent`, one per cluster): per app
 * an IAM role named in the plan, trusted by `pods.eks.amazonaws.com` (`sts:AssumeRole` and `sts:TagSession`), with
 * the app's statements as an inline policy and its managed policies, associated with the app's Kubernetes
 * ServiceAccount. Nothing is written for a cluster with no such app.
 */
export function addPodIdentities(scope: Construct, plan: FleetPlan, cluster: ClusterPlan, clusterName: string, agent: EksAddon): void {
  const workloads = plan.workloadsOn(cluster.name).filter((w) => w.identity?.cloud === 'aws');
  for (const w of workloads) {
    const identity = w.identity;
    if (identity?.cloud !== 'aws') continue;
    const app = w.app;
    const role = new IamRole(scope, `app-${app.name}-role`, {
      name: identity.roleName,
      description: `App ${app.name} (${app.namespace}/${app.serviceAccountName}) in the EKS cluster ${cluster.name}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: POD_IDENTITY_SERVICE }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
      }),
    });
    if (identity.policyStatements.length > 0) {
      new IamRolePolicy(scope, `app-${app.name}-policy`, {
        name: 'app',
        role: role.id,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: identity.policyStatements.map((s) => ({ Effect: s.effect, Action: [...s.actions], Resource: [...s.resources] })),
        }),
      });
    }
    for (const arn of identity.managedPolicyArns) {
      const policy = arn.slice(arn.indexOf(':policy/') + ':policy/'.length).replace(/[^A-Za-z0-9_-]/g, '-');
      new IamRolePolicyAttachment(scope, `app-${app.name}-managed-${policy}`, { role: role.name, policyArn: arn });
    }
    new EksPodIdentityAssociation(scope, podIdentityAssociationId(app.name), {
      clusterName,
      namespace: app.namespace,
      serviceAccount: app.serviceAccountName,
      roleArn: role.arn,
      dependsOn: [agent],
    });
  }
}
