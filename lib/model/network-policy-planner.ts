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
 * other apps. Ingress is let in on the container port only (an app without one, a worker, on every port), from:
 * - the load balancers' paths the app uses in the cluster: on GKE the Google Front Ends and health checkers, and
 *   with instance-group backends the cluster's nodes too (a NodePort forwards through kube-proxy, which rewrites
 *   the source to the node's address); on EKS the VPC for the shared ALB (its own addresses there, or the nodes'
 *   after kube-proxy) and for a controller-owned NLB with IP targets, and any address for an app's own NLB to
 *   NodePorts (its instance targets keep the client's address);
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
    // A cluster's override lets in more callers there.
    const override = declaredByName.get(w.app.name)!.overrides?.[w.cluster.name]?.networkPolicy;
    const extra = override
      ? resolvePeers(override, byName, `apps.${w.app.name}.overrides.${w.cluster.name}.networkPolicy`, problems)
      : [];
    const allowFrom = [...policy.allowFrom, ...extra.filter((p) => !policy.allowFrom.some((q) => JSON.stringify(q) === JSON.stringify(p)))];
    const plan: NetworkPolicyPlan = {
      loadBalancerCidrs: loadBalancerCidrs(w, nodeCidrOf),
      allowFrom,
      ...(policy.egress ? { egress: policy.egress } : {}),
    };
    return { ...w, networkPolicy: plan };
  });
}

function resolveApp(props: AppProps, apps: ReadonlyMap<string, AppPlan>, problems: Problems): { allowFrom: NetworkPeerPlan[]; egress?: NetworkPeerPlan[] } | undefined {
  const policy = props.networkPolicy ?? {};
  const at = `apps.${props.name}.networkPolicy`;
  if (policy.enabled === false) {
    for (const cluster of Object.keys(props.overrides ?? {})) {
      problems.check(props.overrides?.[cluster]?.networkPolicy === undefined, `apps.${props.name}.overrides.${cluster}.networkPolicy`, 'cannot be set for an app whose NetworkPolicy is off (networkPolicy.enabled: false)');
    }
    return undefined;
  }
  const allowFrom = resolvePeers(policy, apps, at, problems);
  if (!policy.egress) return { allowFrom };
  const names = [...apps.keys()];
  const egress = [
    ...peersOf(policy.egress.toApps, `${at}.egress.toApps`, (name, path) => appPeer(apps, names, name, path, problems, 'destination'), problems),
    ...peersOf(policy.egress.toCidrs, `${at}.egress.toCidrs`, (cidr, path) => cidrPeer(cidr, path, problems), problems),
  ];
  return { allowFrom, egress };
}

/**
 * The pods of app `name`: a caller let in, or a destination, reached on its container port (an app without one, a
 * worker, listens on nothing to connect to).
 */
function appPeer(apps: ReadonlyMap<string, AppPlan>, names: readonly string[], name: string, path: string, problems: Problems, role: 'caller' | 'destination' = 'caller'): NetworkPeerPlan | undefined {
  const app = apps.get(name);
  if (!app) {
    problems.add(path, `${show(name)} is not an app of the fleet${didYouMean(name, names)}; apps: ${names.join(', ')}`);
    return undefined;
  }
  const peer = { kind: 'app' as const, namespace: app.namespace, selector: { ...app.selector } };
  if (role === 'caller') return app.service ? { ...peer, port: app.service.containerPort } : peer;
  if (!app.service) {
    problems.add(path, `${show(name)} has no containerPort (a worker): it listens on nothing to connect to; remove it from egress.toApps, or give it a containerPort`);
    return undefined;
  }
  return { ...peer, port: app.service.containerPort };
}

function cidrPeer(cidr: string, path: string, problems: Problems): NetworkPeerPlan | undefined {
  return problems.check(parseCidr(cidr) !== undefined, path, `${show(cidr)} is not ${CIDR_RULE}`) ? { kind: 'cidr', cidr } : undefined;
}

function peersOf(list: readonly string[] | undefined, path: string, peer: (item: string, path: string) => NetworkPeerPlan | undefined, problems: Problems): NetworkPeerPlan[] {
  const seen = new Set<string>();
  return (list ?? []).flatMap((item, i) => {
    if (!problems.check(!seen.has(item), `${path}[${i}]`, `${show(item)} is listed twice`)) return [];
    seen.add(item);
    const p = peer(item, `${path}[${i}]`);
    return p ? [p] : [];
  });
}

/** The callers of `allowFrom` and `allowFromCidrs`, checked. */
function resolvePeers(props: { readonly allowFrom?: readonly string[]; readonly allowFromCidrs?: readonly string[] }, apps: ReadonlyMap<string, AppPlan>, at: string, problems: Problems): NetworkPeerPlan[] {
  const names = [...apps.keys()];
  return [
    ...peersOf(props.allowFrom, `${at}.allowFrom`, (name, path) => appPeer(apps, names, name, path, problems), problems),
    ...peersOf(props.allowFromCidrs, `${at}.allowFromCidrs`, (cidr, path) => cidrPeer(cidr, path, problems), problems),
  ];
}

function loadBalancerCidrs(w: WorkloadPlan, nodeCidrOf: NodeCidrOf): string[] {
  if (w.app.service?.exposure.kind !== 'load-balanced') return [];
  const { cluster } = w;
  if (cluster.cloud === 'gcp') {
    const nodes = w.serviceType === 'NodePort' ? nodeCidrOf(cluster) : undefined;
    return [...GOOGLE_LOAD_BALANCER_RANGES, ...(nodes ? [nodes] : [])];
  }
  // A shared ALB connects from its own addresses in the VPC; an NLB's instance targets keep the client's.
  if (w.serviceType === 'NodePort' && w.app.service.exposure.aws?.style === 'nlb') return ['0.0.0.0/0'];
  return [cluster.eks.vpcCidr];
}
