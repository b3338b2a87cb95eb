/**
 * The cloud identity of an app, declared once for both clouds: what its pods may do in Google Cloud (on GKE) and
 * in AWS (on EKS). Each cluster the app runs on gets its own identity, bound to the app's Kubernetes
 * ServiceAccount (`<namespace>/<app>`), so a cluster's credentials can be revoked alone:
 * - GKE: Workload Identity: a Google service account per app and cluster, granted `gcp.projectRoles`, which the
 *   ServiceAccount may impersonate (`roles/iam.workloadIdentityUser`), and the ServiceAccount annotated with it;
 * - EKS: EKS Pod Identity: an IAM role per app and cluster, trusted by `pods.eks.amazonaws.com`, with
 *   `aws.policyStatements` and `aws.managedPolicyArns`, associated with the ServiceAccount.
 * Least privilege: wildcards (`*` in an action or a resource, basic roles such as `roles/editor`) are refused unless
 * `allowWildcards` is set.
 */
export interface AppIdentityProps {
  /**
   * Permissions in Google Cloud, on GKE clusters.
   * @default - no Google identity
   */
  readonly gcp?: GcpIdentityProps;
  /**
   * Permissions in AWS, on EKS clusters.
   * @default - no AWS identity
   */
  readonly aws?: AwsIdentityProps;
  /**
   * Whether wildcard actions and resources, and Google's basic roles, are accepted.
   * @default false
   */
  readonly allowWildcards?: boolean;
}

/** What an app may do in Google Cloud. */
export interface GcpIdentityProps {
  /** Roles granted on the fleet's project, e.g. `roles/pubsub.subscriber` or `projects/p/roles/custom`. */
  readonly projectRoles: readonly string[];
}

/** One statement of an IAM policy. */
export interface AwsPolicyStatement {
  /**
   * Whether the statement allows or denies.
   * @default 'Allow'
   */
  readonly effect?: 'Allow' | 'Deny';
  /** Actions, e.g. `s3:GetObject`. */
  readonly actions: readonly string[];
  /** Resource ARNs, e.g. `arn:aws:s3:::my-bucket/*`. */
  readonly resources: readonly string[];
}

/** What an app may do in AWS. */
export interface AwsIdentityProps {
  /**
   * Statements of the role's inline policy.
   * @default - none
   */
  readonly policyStatements?: readonly AwsPolicyStatement[];
  /**
   * Managed policies attached to the role.
   * @default - none
   */
  readonly managedPolicyArns?: readonly string[];
}

/** An app's identity in one cluster, with the names both outputs use. */
export type WorkloadIdentityPlan =
  | {
    readonly cloud: 'gcp';
    /** The Google service account's id (6-30 characters) and email. */
    readonly accountId: string;
    readonly email: string;
    readonly projectRoles: readonly string[];
  }
  | {
    readonly cloud: 'aws';
    readonly roleName: string;
    readonly policyStatements: readonly Required<AwsPolicyStatement>[];
    readonly managedPolicyArns: readonly string[];
  };
