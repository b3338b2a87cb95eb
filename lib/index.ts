// The public API of cdk-fleet: the fleet model, the renderers' constructs and options, and synth().
export * from './model';
export { AppNamespace, type AppNamespaceProps } from './kubernetes/app-namespace';
export { ClusterChart, type ClusterChartProps } from './kubernetes/cluster-chart';
export { FederatedWorkload, type FederatedWorkloadProps } from './kubernetes/federated-workload';
export { renderCluster, renderKubernetes, type KubernetesOptions, type RenderedService } from './kubernetes/kubernetes-renderer';
export type { OutputFile } from './output/output-file';
export { FleetStack, type FleetStackProps } from './terraform/fleet-stack';
export type { StackContext, StackDefinition } from './terraform/stack-definition';
export { TerraformBackend, type GcsBackendProps, type S3BackendProps } from './terraform/terraform-backend';
export { OutputDisagreementError, renderTerraform, stackDefinitions, TerraformSynthesis, type TerraformInputs, type TerraformOptions } from './terraform/terraform-renderer';
export { exceededQuotas, quotaUses, type QuotaUse } from './terraform/quotas';
export * from './terraform/gcp';
export * from './terraform/aws';
export * from './terraform/dns';
export * from './targets';
export { FILE_LIST, type CommittedRoot, type IgnoredEntry } from './output/staged-output';
export { OutputError } from './output/output-error';
export { synth, type SynthOptions, type SynthResult } from './synth';
