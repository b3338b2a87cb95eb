// Everything this repository's tests, benchmarks and scripts may reach, public or not. NOT the package's API:
// that is lib/index.ts, and package.json's `exports` makes nothing else reachable from the package.
export * from './model';
export { AppNamespace, type AppNamespaceProps } from './kubernetes/app-namespace';
export { ClusterChart, type ClusterChartProps, type ClusterInfo } from './kubernetes/cluster-chart';
export { FleetCharts, type FleetChartsProps } from './kubernetes/fleet-charts';
export { FederatedWorkload, type FederatedWorkloadProps } from './kubernetes/federated-workload';
export { renderCluster, renderKubernetes, renderWorkloadObjects, type KubernetesOptions, type RenderedService } from './kubernetes/kubernetes-renderer';
export type { OutputFile } from './output/output-file';
export { FleetStack, type FleetStackProps } from './terraform/fleet-stack';
export { FleetStacks, type FleetStacksProps } from './terraform/fleet-stacks';
export { clusterStackName, StackOutput } from './terraform/stack-output';
export { checkProviderBindings, ProviderVersionError, VALIDATED_PROVIDERS } from './terraform/provider-versions';
export type { StackContext, StackDefinition } from './terraform/stack-definition';
export { TerraformBackend, type GcsBackendProps, type S3BackendProps } from './terraform/terraform-backend';
export { OutputDisagreementError, renderTerraform, stackDefinitions, TerraformSynthesis, type TerraformInputs, type TerraformOptions } from './terraform/terraform-renderer';
export * from './terraform/gcp';
export * from './terraform/aws';
export * from './terraform/dns';
export * from './targets';
export { FILE_LIST, type CommittedRoot, type IgnoredEntry } from './output/staged-output';
export { OutputError } from './output/output-error';
export { synth, type SynthOptions, type SynthResult } from './synth';
export { exceededQuotas, quotaUses, type QuotaUse } from './terraform/quotas';
export { fleetOverview, FLEET_OVERVIEW_FILE } from './overview/fleet-overview';
