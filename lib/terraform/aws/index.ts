export { awsStacks } from './aws-stacks';
export { AppLoadBalancer, TLS_POLICY, type AppLoadBalancerProps } from './app-load-balancer';
export { AwsCertificatesStack, terraformBalancedApps } from './aws-certificates-stack';
export { EksClusterStack } from './eks-cluster-stack';
export { EksNetwork, type EksNetworkProps } from './eks-network';
export { LoadBalancerSecurity, type LoadBalancerSecurityProps } from './load-balancer-security';
