import { CIDR_RULE, parseCidr } from './cidr';
import type { ClusterProps } from './cluster';
import type { AuthorizedNetwork } from './gke-options';
import type { ClusterPlan } from './plan';
import { show, type Problems } from './problems';

/** @internal How `kubectl` reaches the control planes, as {@link ControlPlaneAccess} holds it. */
export type ControlPlaneAccessSpec =
  | { readonly kind: 'networks'; readonly networks: readonly AuthorizedNetwork[] }
  | { readonly kind: 'dns-endpoint'; readonly eksNetworks: readonly AuthorizedNetwork[] }
  | { readonly kind: 'private' };

/**
 * Where `kubectl` (and the documented apply steps) reach the clusters' control planes from. A fleet with clusters
 * declares one: GKE and EKS control planes are closed to the internet by default, so from a laptop or a CI runner
 * outside the VPCs every `kubectl` step times out.
 *
 * @example
 * ```ts
 * new Fleet({ controlPlaneAccess: ControlPlaneAccess.fromNetworks([{ cidr: '203.0.113.0/24', name: 'ci-runners' }]) });
 * ```
 */
export class ControlPlaneAccess {
  /**
   * Public endpoints open to these networks only: GKE's authorized networks (CKV_GCP_20) and EKS's public access
   * CIDRs (CKV_AWS_38), with the private endpoints on too. List where `kubectl` runs: CI runners, an office, a VPN.
   */
  public static fromNetworks(networks: readonly AuthorizedNetwork[]): ControlPlaneAccess {
    return new ControlPlaneAccess({ kind: 'networks', networks: [...networks] });
  }

  /**
   * GKE: the DNS-based control-plane endpoint, reachable from anywhere and authorized by IAM on every request
   * (https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation#dns-based_endpoint); the IP
   * endpoints stay closed. EKS has no such endpoint: its public endpoint opens to `eksNetworks` only, required
   * when the fleet has EKS clusters.
   */
  public static dnsEndpoint(options: DnsEndpointOptions = {}): ControlPlaneAccess {
    return new ControlPlaneAccess({ kind: 'dns-endpoint', eksNetworks: [...(options.eksNetworks ?? [])] });
  }

  /**
   * Private endpoints only: `kubectl` runs inside the clusters' networks (a bastion, a runner in each VPC, a VPN
   * or interconnect into them). Nothing outside reaches a control plane.
   */
  public static privateOnly(): ControlPlaneAccess {
    return new ControlPlaneAccess({ kind: 'private' });
  }

  /** @internal */
  public readonly spec: ControlPlaneAccessSpec;

  private constructor(spec: ControlPlaneAccessSpec) {
    this.spec = spec;
  }
}

/** Options of {@link ControlPlaneAccess.dnsEndpoint}. */
export interface DnsEndpointOptions {
  /**
   * The networks the EKS clusters' public endpoints open to (EKS has no DNS-based endpoint).
   * @default - none: refused when the fleet has EKS clusters
   */
  readonly eksNetworks?: readonly AuthorizedNetwork[];
}

/** The choices, for error messages. */
const CHOICES = 'ControlPlaneAccess.fromNetworks([{ cidr, name }]) for the networks kubectl runs from (CI, office, VPN), '
  + 'ControlPlaneAccess.dnsEndpoint({ eksNetworks }) for GKE\'s IAM-authorized DNS endpoint, '
  + 'or ControlPlaneAccess.privateOnly() if kubectl runs inside the clusters\' networks';

/**
 * Applies the fleet's control-plane access to its clusters: a cluster's own `gke.authorizedNetworks` or
 * `eks.publicAccessCidrs` win; the others get the fleet's. Reports a fleet that declares no access for some
 * clusters, and networks that are not CIDR blocks or that open a control plane to the whole internet.
 */
export function applyControlPlaneAccess(
  clusters: readonly ClusterPlan[],
  declared: readonly (ClusterProps | undefined)[],
  access: ControlPlaneAccess | undefined,
  problems: Problems,
): ClusterPlan[] {
  // Clusters of the wrong shape are undefined here: reported with their shape.
  const own = new Map(declared.filter((c): c is ClusterProps => c !== undefined).map((c) => [c.name, c]));
  const hasOwn = (c: ClusterPlan) => {
    const props = own.get(c.name);
    if (props?.cloud === 'gcp') return (props.gke?.authorizedNetworks?.length ?? 0) > 0;
    if (props?.cloud === 'aws') return (props.eks?.publicAccessCidrs?.length ?? 0) > 0;
    return false;
  };
  if (!access) {
    const without = clusters.filter((c) => !hasOwn(c)).map((c) => c.name);
    problems.check(without.length === 0, 'controlPlaneAccess', `is required: nothing outside the clusters' networks reaches the control planes of ${without.join(', ')}, so the documented kubectl steps would time out; pick ${CHOICES}`);
    return [...clusters];
  }
  if (!(access instanceof ControlPlaneAccess)) {
    problems.add('controlPlaneAccess', `${show(access)} is not a ControlPlaneAccess; pick ${CHOICES}`);
    return [...clusters];
  }
  const spec = access.spec;
  const check = (networks: readonly AuthorizedNetwork[], at: string) => networks.forEach((network, j) => {
    const cidr = parseCidr(network?.cidr);
    if (problems.check(cidr !== undefined, `${at}[${j}].cidr`, `${show(network?.cidr)} is not ${CIDR_RULE}`)) {
      problems.check(cidr!.prefix > 0, `${at}[${j}].cidr`, `${show(network.cidr)} opens the control planes to the whole internet (CKV_GCP_18, CKV_AWS_38); list the networks that run kubectl`);
    }
    problems.check(typeof network?.name === 'string' && network.name.length > 0, `${at}[${j}].name`, `${show(network?.name)}: name the network, e.g. "ci-runners"`);
  });
  if (spec.kind === 'networks') {
    check(spec.networks, 'controlPlaneAccess.networks');
    problems.check(spec.networks.length > 0, 'controlPlaneAccess.networks', `is empty; list the networks kubectl runs from, or use ControlPlaneAccess.privateOnly()`);
  }
  if (spec.kind === 'dns-endpoint') {
    check(spec.eksNetworks, 'controlPlaneAccess.eksNetworks');
    const eks = clusters.filter((c) => c.cloud === 'aws' && !hasOwn(c)).map((c) => c.name);
    problems.check(eks.length === 0 || spec.eksNetworks.length > 0, 'controlPlaneAccess.eksNetworks', `is required: EKS has no DNS-based endpoint, so ${eks.join(', ')} need the networks kubectl runs from; give eksNetworks, or the clusters' own eks.publicAccessCidrs`);
  }
  const networks = spec.kind === 'networks' ? spec.networks : spec.kind === 'dns-endpoint' ? spec.eksNetworks : [];
  return clusters.map((c): ClusterPlan => {
    if (c.cloud === 'gcp' && c.gke) {
      const gkeNetworks = spec.kind === 'networks' && !hasOwn(c) ? [...spec.networks] : c.gke.authorizedNetworks;
      return { ...c, gke: { ...c.gke, authorizedNetworks: gkeNetworks, dnsEndpoint: spec.kind === 'dns-endpoint' } };
    }
    if (c.cloud === 'aws' && c.eks && !hasOwn(c)) {
      return { ...c, eks: { ...c.eks, publicAccessCidrs: networks.map((n) => n.cidr) } };
    }
    return c;
  });
}
