export * from './control-planes';
export { renderArgoCd, CLUSTER_LABEL, WAVE_LABEL } from './argocd/argocd-target';
export { GkeFleetHubStack } from './gke-multicluster/gke-fleet-hub-stack';
export { MULTI_CLUSTER_GATEWAY_CLASS, multiClusterApps, renderGkeMultiCluster } from './gke-multicluster/gke-multicluster-target';
export { renderKarmada, RETAIN_REPLICAS_LABEL } from './karmada/karmada-target';
export { plaintextOverriders, type PlaintextOverrider } from './karmada/plaintext-overriders';
