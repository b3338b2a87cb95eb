// The public API of cdk-fleet, every export named: the fleet declaration, synth() and its options, and the
// constructs for users' own cdk8s and cdktf Apps. Nothing else is reachable from the package (package.json's
// `exports`). etc/cdk-fleet.api.md is its report: `npm run api` regenerates it, and `npm test` fails when it is
// out of date. The repository's tests reach internals through lib/internal.ts.

// The declaration.
export { Fleet, type FleetProps } from './model/fleet';
export {
  Cluster, type ClusterProps, type ClusterPropsBase, type EksClusterProps, type GkeClusterProps,
} from './model/cluster';
export type { Cloud } from './model/cloud';
export {
  FederatedApp, type AppIngressProps, type AppProps, type AutoscalingOverride, type ClusterOverride, type InClusterIngressProps,
} from './model/app';
export { Autoscaling, type AutoscalingTargets, type DividedAutoscalingOptions } from './model/autoscaling';
export type { AppConfigMapProps, AppSecretMountProps } from './model/app-config';
export type { AppIdentityProps, AwsIdentityProps, AwsPolicyStatement, GcpIdentityProps } from './model/app-identity';
export type { AppEgressProps, AppNetworkPolicyProps } from './model/network-policy';
export {
  FederatedManifests, ManifestPatch, ManifestSource, type KubernetesObject, type ManifestsProps, type ObjectReference,
} from './model/manifests';
export type { JsonPatchOperation } from './model/json-patch';
export { IngressTls, type CertManagerTlsOptions } from './model/ingress-tls';
export { EnvValue, type ClusterAttribute, type EnvMap } from './model/env-value';
export { Placement } from './model/placement';
export { Replicas, type DividedReplicasOptions } from './model/replicas';
export { LivenessProbe, Probe, type PortProbeOptions, type ProbeTiming, type ReadinessProbeProps } from './model/probe';
export type { ContainerResources } from './model/resources';
export type { WorkloadSecurityProps } from './model/workload-security';
export type { LoadBalancingProps } from './model/load-balancing';
export type { GcpBackendStyle, GcpLoadBalancingProps } from './model/gcp-load-balancing';
export type { AwsLoadBalancerStyle, AwsLoadBalancingProps, KeptNlb } from './model/aws-load-balancing';
export type { NodePoolProps } from './model/node-pool';
export type { AuthorizedNetwork, GkeClusterOptions, GkeReleaseChannel } from './model/gke-options';
export { ControlPlaneAccess, type DnsEndpointOptions } from './model/control-plane-access';
export { ClusterLifecycle, type ClusterLifecycleStage } from './model/cluster-lifecycle';
export type { EksClusterOptions, ExistingVpc } from './model/eks-options';
export type { CloudArmorProps, GcpFleetProps, GcpNetworkProps } from './model/gcp-settings';
export type { AwsFleetProps } from './model/aws-settings';
export { DnsZone, type CloudDnsProps, type DnsRecordProps, type Route53Props } from './model/dns-settings';
export { FleetValidationError, type Problem } from './model/problems';

// The one call.
export { synth, type SynthOptions, type SynthResult } from './synth';
export type { CommittedRoot, IgnoredEntry } from './output/staged-output';
export { OutputError } from './output/output-error';
export type { KubernetesOptions } from './kubernetes/kubernetes-renderer';
export type { TerraformOptions } from './terraform/terraform-renderer';
export { OutputDisagreementError } from './terraform/terraform-renderer';
export { TerraformBackend, type GcsBackendProps, type S3BackendProps } from './terraform/terraform-backend';
export { ProviderVersionError } from './terraform/provider-versions';
export type { ArgoCdOptions, ControlPlanesOptions, GkeMultiClusterOptions, KarmadaOptions } from './targets/control-planes';

// Constructs for users' own cdk8s Apps.
export { FleetCharts, type FleetChartsProps } from './kubernetes/fleet-charts';
export { ClusterChart, type ClusterChartProps, type ClusterInfo } from './kubernetes/cluster-chart';
export { FederatedWorkload, type FederatedWorkloadProps } from './kubernetes/federated-workload';
export { AppNamespace, type AppNamespaceProps } from './kubernetes/app-namespace';

// Constructs for users' own cdktf Apps.
export { FleetStacks, type FleetStacksProps } from './terraform/fleet-stacks';
export { FleetStack } from './terraform/fleet-stack';
export { StackOutput, type OutputKind } from './terraform/stack-output';

// Reviewing a change, the fleet at a glance, and the command line.
export { ChangeSummary, type ChangeGroup, type Danger, type FieldChangeSummary, type ObjectChange, type SummaryFormat } from './review/change-summary';
export type { FieldChange } from './review/field-diff';
export { OrphaningRemovalError, type StackRemoval } from './review/removal-guard';
export type { PendingFile, PendingRoot } from './review/pending-changes';
export { runCli, type CliIo } from './cli/cli';
export { ExitCode } from './cli/exit-codes';
