export { gcpStacks } from './gcp-stacks';
export { GcpAppBackend, GOOGLE_LOAD_BALANCER_RANGES, type GcpAppBackendProps } from './gcp-app-backend';
export { GcpNetworkStack } from './gcp-network-stack';
export { GkeClusterStack } from './gke-cluster-stack';
export { GlobalLoadBalancerStack, globallyBalancedApps } from './global-load-balancer-stack';
