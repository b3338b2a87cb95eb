import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { NetworkPeerPlan, NetworkPolicyPlan } from '../model/network-policy';

/** Properties of an {@link AppNetworkPolicy}. */
export interface AppNetworkPolicyProps {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
  /** The labels that select the app's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * The port the app's container listens on: the only one let in.
   * @default - none: an app without a port (a worker); its peers are let in on every port
   */
  readonly containerPort?: number;
  readonly policy: NetworkPolicyPlan;
}

/** The label every namespace carries with its own name (Kubernetes 1.22+). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * An app's NetworkPolicy: ingress only on the container port (any port of a worker, which declares none), from the
 * load balancers' paths and the peers let in (with no peer and no load balancer, no ingress at all); egress open, or
 * DNS and the listed peers only. Enforced by GKE Dataplane V2 and by the Amazon VPC CNI with network policy on (see
 * docs/network-policy.md).
 */
export class AppNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: AppNetworkPolicyProps) {
    super(scope, id);
    const { policy, containerPort } = props;
    const tcp = (port: number) => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) });
    const ports = containerPort !== undefined ? { ports: [tcp(containerPort)] } : {};
    const ingress: kplus.k8s.NetworkPolicyIngressRule[] = [];
    if (policy.loadBalancerCidrs.length > 0) {
      ingress.push({ from: policy.loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })), ...ports });
    }
    if (policy.allowFrom.length > 0) ingress.push({ from: policy.allowFrom.map(peer), ...ports });
    const egress: kplus.k8s.NetworkPolicyEgressRule[] | undefined = policy.egress && [
      // DNS to any address: the cluster's DNS Service, or a node-local cache (169.254.20.10 on GKE's NodeLocal DNSCache).
      { ports: [{ protocol: 'UDP', port: kplus.k8s.IntOrString.fromNumber(53) }, tcp(53)] },
      ...policy.egress.map((p) => ({ to: [peer(p)], ...(p.kind === 'app' && p.port !== undefined ? { ports: [tcp(p.port)] } : {}) })),
    ];
    new kplus.k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { ...props.metadata, labels: { ...props.metadata.labels } },
      spec: {
        podSelector: { matchLabels: { ...props.selector } },
        policyTypes: egress ? ['Ingress', 'Egress'] : ['Ingress'],
        ingress,
        ...(egress ? { egress } : {}),
      },
    });
  }
}

function peer(p: NetworkPeerPlan): kplus.k8s.NetworkPolicyPeer {
  return p.kind === 'cidr'
    ? { ipBlock: { cidr: p.cidr } }
    : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: p.namespace } }, podSelector: { matchLabels: { ...p.selector } } };
}
