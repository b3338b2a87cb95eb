import { CIDR_RULE, overlaps, parseCidr, type Cidr } from './cidr';
import { GCP_SUBNET_NUMBERS } from './gcp-regions';
import { isDns1035Label } from './kubernetes-names';
import { show, type Problems } from './problems';
import { ownValue } from './shapes';

/** The fleet's VPC network on Google Cloud. VPCs are global: one network, one subnet per region with GKE clusters. */
export interface GcpNetworkProps {
  /**
   * Name of the network.
   * @default - the fleet's name
   */
  readonly name?: string;
  /**
   * Whether the network exists already, made outside this fleet: the fleet then adds its subnets and Cloud NAT
   * to it and does not manage the network itself.
   * @default false
   */
  readonly existing?: boolean;
  /**
   * Primary range of the subnet of each region, by region name. Pods and Services get secondary ranges that
   * GKE allocates per cluster.
   * @default - `10.<n>.0.0/20`, with `n` a number fixed per region (`GCP_SUBNET_NUMBERS`), so adding a region
   *   never moves another region's range
   */
  readonly subnetCidrs?: Readonly<Record<string, string>>;
}

/** The Cloud Armor security policy on the global load balancer's backends (Checkov CKV_GCP_73). */
export interface CloudArmorProps {
  /**
   * Whether Cloud Armor Adaptive Protection watches for layer-7 DDoS attacks and proposes rules.
   * @default true
   */
  readonly adaptiveProtection?: boolean;
  /**
   * Preconfigured WAF rules to deny with 403, e.g. `sqli-v33-stable`, `xss-v33-stable`
   * (https://cloud.google.com/armor/docs/waf-rules).
   * @default - none: the policy allows every request
   */
  readonly wafRules?: readonly string[];
}

/** Settings of the fleet's Google Cloud side. */
export interface GcpFleetProps {
  /** The project that holds the GKE clusters, their network and the global load balancer. */
  readonly project: string;
  /**
   * The VPC network.
   * @default - see {@link GcpNetworkProps}
   */
  readonly network?: GcpNetworkProps;
  /**
   * The Cloud Armor policy of the global load balancer; `false` for none.
   * @default - see {@link CloudArmorProps}
   */
  readonly cloudArmor?: CloudArmorProps | false;
}

/** GCP settings with every default applied. */
export interface ResolvedGcpSettings {
  readonly project: string;
  readonly network: {
    readonly name: string;
    readonly existing: boolean;
    /** The subnet range of every region that has a GKE cluster, by region, sorted by region. */
    readonly subnetCidrs: Readonly<Record<string, string>>;
  };
  readonly cloudArmor?: { readonly adaptiveProtection: boolean; readonly wafRules: readonly string[] };
}

const GCP_PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/**
 * Checks and resolves the fleet's GCP settings; they are required when the fleet declares GKE clusters
 * (`gkeRegions` lists the regions of the valid ones). Returns `undefined` when there are no settings.
 */
export function planGcpSettings(props: GcpFleetProps | undefined, fleetName: string, hasGke: boolean, gkeRegions: readonly string[], problems: Problems): ResolvedGcpSettings | undefined {
  if (!props) {
    problems.check(!hasGke, 'gcp.project', 'is required: the fleet has GKE clusters; set the Google Cloud project that holds them');
    return undefined;
  }
  problems.check(typeof props.project === 'string' && GCP_PROJECT_ID.test(props.project), 'gcp.project', `${show(props.project)} is not a Google Cloud project id (6-30 lowercase letters, digits and '-', starting with a letter)`);
  const name = props.network?.name ?? fleetName;
  problems.check(isDns1035Label(name), 'gcp.network.name', `${show(name)} is not a network name (lowercase letters, digits and '-', starting with a letter, at most 63 characters)`);
  const armor = props.cloudArmor === false ? undefined : { adaptiveProtection: props.cloudArmor?.adaptiveProtection ?? true, wafRules: [...(props.cloudArmor?.wafRules ?? [])] };
  armor?.wafRules.forEach((rule, i) => {
    problems.check(/^[a-z0-9]+(-[a-z0-9]+)*-v\d+-(stable|canary)$/.test(rule), `gcp.cloudArmor.wafRules[${i}]`, `${show(rule)} is not a preconfigured WAF rule name such as "sqli-v33-stable"`);
  });
  return {
    project: props.project,
    network: { name, existing: props.network?.existing ?? false, subnetCidrs: planSubnets(props.network?.subnetCidrs ?? {}, gkeRegions, problems) },
    ...(armor ? { cloudArmor: armor } : {}),
  };
}

function planSubnets(declared: Readonly<Record<string, string>>, regions: readonly string[], problems: Problems): Record<string, string> {
  const subnets: Record<string, string> = {};
  const parsed: { region: string; cidr: Cidr }[] = [];
  for (const region of Object.keys(declared)) {
    problems.check(regions.includes(region), `gcp.network.subnetCidrs.${region}`, `no GKE cluster is in ${show(region)}; regions with GKE clusters: ${regions.join(', ') || 'none'}`);
  }
  for (const region of [...new Set(regions)].sort()) {
    const number = GCP_SUBNET_NUMBERS.indexOf(region) + 1;
    const cidr = ownValue(declared, region) ?? `10.${number}.0.0/20`;
    const block = parseCidr(cidr);
    if (!problems.check(block !== undefined && block.prefix >= 8 && block.prefix <= 29, `gcp.network.subnetCidrs.${region}`, `${show(cidr)} is not ${CIDR_RULE}, from /8 to /29`)) continue;
    const clash = parsed.find((p) => overlaps(p.cidr, block!));
    problems.check(!clash, `gcp.network.subnetCidrs.${region}`, `${cidr} overlaps the subnet of ${clash?.region}; give each region its own range`);
    parsed.push({ region, cidr: block! });
    subnets[region] = cidr;
  }
  return subnets;
}
