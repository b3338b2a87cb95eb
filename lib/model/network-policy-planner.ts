import type { AppProps } from './app';
import { CIDR_RULE, parseCidr } from './cidr';
import { GOOGLE_LOAD_BALANCER_RANGES, type NetworkPeerPlan, type NetworkPolicyPlan } from './network-policy';
import type { AppPlan, ClusterPlan, WorkloadPlan } from './plan';
import { show, type Problems } from './problems';
import { didYouMean } from './suggest';

/** The address range of a cluster's nodes, where it is known at synth time. */
export type NodeCidrOf = (cluster: ClusterPlan) => string | undefined;

/**
 * Each workload's NetworkPolicy (on by default), after every app is planned, since callers and egress targets are
 * other apps. Ingress is let in on the container port only, from:
 * - the load balancers' paths the app uses in the cluster: on GKE the Google Front Ends and health checkers, and
 *   with instance-group backends the cluster's nodes too (a NodePort forwards through kube-proxy, which rewrites
 *   the source to the node's address); on EKS the VPC for a controller-owned NLB with IP targets (its nodes'
 *   addresses), and any address for a Terraform-owned NLB to NodePorts (instance targets keep the client's address);
 * - the apps listed in `allowFrom`, and the ranges in `allowFromCidrs`.
 * Kubelet probes come from the node and are always allowed (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 */
export function planNetworkPolicies(declared: readonly AppProps[], apps: readonly AppPlan[], workloads: readonly WorkloadPlan[], nodeCidrOf: NodeCidrOf, problems: Problems): WorkloadPlan[] {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const declaredByName = new Map(declared.map((p) => [p.name, p]));
  const resolved = new Map<string, { allowFrom: NetworkPeerPlan[]; egress?: NetworkPeerPlan[] } | undefined>();
  for (const app of apps) resolved.set(app.name, resolveApp(declaredByName.get(app.name)!, byName, problems));
  return workloads.map((w) => {
    const policy = resolved.get(w.app.name);
    if (!policy) return w;
    const plan: NetworkPolicyPlan = {
      loadBalancerCidrs: loadBalancerCidrs(w, nodeCidrOf),
      allowFrom: policy.allowFrom,
      ...(policy.egress ? { egress: policy.egress } : {}),
    };
    return { ...w, networkPolicy: plan };
  });
}

function resolveApp(props: AppProps, apps: ReadonlyMap<string, AppPlan>, problems: Problems): { allowFrom: NetworkPeerPlan[]; egress?: NetworkPeerPlan[] } | undefined {
  const policy = props.networkPolicy ?? {};
  const at = `apps.${props.name}.networkPolicy`;
  if (policy.enabled === false) return undefined;
  const names = [...apps.keys()];
  const appPeer = (name: string, path: string): NetworkPeerPlan | undefined => {
    const app = apps.get(name);
    if (!problems.check(app !== undefined, path, `${show(name)} is not an app of the fleet${didYouMean(name, names)}; apps: ${names.join(', ')}`)) return undefined;
    return { kind: 'app', namespace: app!.namespace, selector: { ...app!.selector }, port: app!.containerPort };
  };
  const cidrPeer = (cidr: string, path: string): NetworkPeerPlan | undefined => (
    problems.check(parseCidr(cidr) !== undefined, path, `${show(cidr)} is not ${CIDR_RULE}`) ? { kind: 'cidr', cidr } : undefined
  );
  const peers = (list: readonly string[] | undefined, path: string, peer: typeof appPeer) => {
    const seen = new Set<string>();
    return (list ?? []).flatMap((item, i) => {
      if (!problems.check(!seen.has(item), `${path}[${i}]`, `${show(item)} is listed twice`)) return [];
      seen.add(item);
      const p = peer(item, `${path}[${i}]`);
      return p ? [p] : [];
    });
  };
  const allowFrom = [...peers(policy.allowFrom, `${at}.allowFrom`, appPeer), ...peers(policy.allowFromCidrs, `${at}.allowFromCidrs`, cidrPeer)];
  if (!policy.egress) return { allowFrom };
  const egress = [...peers(policy.egress.toApps, `${at}.egress.toApps`, appPeer), ...peers(policy.egress.toCidrs, `${at}.egress.toCidrs`, cidrPeer)];
  return { allowFrom, egress };
}

function loadBalancerCidrs(w: WorkloadPlan, nodeCidrOf: NodeCidrOf): string[] {
  if (!w.app.ingress) return [];
  const { cluster } = w;
  if (cluster.cloud === 'gcp') {
    const nodes = w.serviceType === 'NodePort' ? nodeCidrOf(cluster) : undefined;
    return [...GOOGLE_LOAD_BALANCER_RANGES, ...(nodes ? [nodes] : [])];
  }
  if (w.serviceType === 'NodePort') return ['0.0.0.0/0'];
  return cluster.eks ? [cluster.eks.vpcCidr] : [];
}
