import { CIDR_RULE, parseCidr } from './cidr';
import type { ClusterProps } from './cluster';
import { CLOUDS, type Cloud } from './cloud';
import { resolveEksOptions } from './eks-options';
import { resolveGkeOptions, type GkeReleaseChannel } from './gke-options';
import { isLabelKey, isLabelValue, isDnsSubdomain, LABEL_KEY_RULE, LABEL_VALUE_RULE, DNS_SUBDOMAIN_RULE } from './kubernetes-names';
import { DNS_LABEL_RULE, isDnsLabel } from './names';
import { resolveNodePool } from './node-pool';
import type { ClusterPlan } from './plan';
import { show, type Problems } from './problems';
import { findRegion, regionsOf } from './region';
import { didYouMean } from './suggest';

const RELEASE_CHANNELS: readonly GkeReleaseChannel[] = ['RAPID', 'REGULAR', 'STABLE'];
const CLOUD_LABEL: Record<Cloud, string> = { gcp: 'GCP', aws: 'AWS' };

/** Whether `value` is a whole number in [min, max]. */
export function isInteger(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Checks the clusters of a fleet and resolves their defaults. Reports every problem; returns the plans of the
 * clusters that are valid enough to place apps on (a known name and cloud).
 */
export function planClusters(declared: readonly (ClusterProps | undefined)[], problems: Problems): ClusterPlan[] {
  const firstIndexOf = new Map<string, number>();
  const plans: ClusterPlan[] = [];
  declared.forEach((props, i) => {
    if (props === undefined) return; // not an object: reported with its shape
    const at = `clusters[${i}]`;
    const nameOk = problems.check(isDnsLabel(props.name), `${at}.name`, `${show(props.name)} is not ${DNS_LABEL_RULE}`);
    if (nameOk) {
      const first = firstIndexOf.get(props.name);
      if (first !== undefined) {
        problems.add(`${at}.name`, `${show(props.name)} is already the name of clusters[${first}]; cluster names must be unique`);
        return;
      }
      firstIndexOf.set(props.name, i);
    }
    const cloudOk = problems.check(CLOUDS.includes(props.cloud), `${at}.cloud`, `${show(props.cloud)} is not a supported cloud; use one of ${CLOUDS.map((c) => `"${c}"`).join(', ')}`);
    if (!cloudOk) return;
    const plan = planCluster(props, at, problems);
    if (nameOk && plan) plans.push(plan);
  });
  return plans.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function planCluster(props: ClusterProps, at: string, problems: Problems): ClusterPlan | undefined {
  const cloud = props.cloud;
  const region = findRegion(cloud, props.region);
  if (!region) {
    const known = regionsOf(cloud).map((r) => r.name);
    problems.add(`${at}.region`, `${show(props.region)} is not a ${CLOUD_LABEL[cloud]} region${didYouMean(props.region, known)}; known regions: ${known.join(', ')}`);
  }

  const zones = planZones(props, at, region?.zones, problems);

  const labels = props.labels ?? {};
  for (const [key, value] of Object.entries(labels)) {
    problems.check(isLabelKey(key), `${at}.labels`, `key ${show(key)} is not ${LABEL_KEY_RULE}`);
    problems.check(isLabelValue(value), `${at}.labels.${key}`, `${show(value)} is not ${LABEL_VALUE_RULE}`);
  }

  const weight = props.weight ?? 1;
  problems.check(isInteger(weight, 1), `${at}.weight`, `${show(weight)} is not a valid weight; use a whole number of at least 1`);

  const nodePool = resolveNodePool(cloud, props.nodePool);
  problems.check(typeof nodePool.machineType === 'string' && nodePool.machineType.length > 0, `${at}.nodePool.machineType`, `${show(nodePool.machineType)} is not a machine type`);
  problems.check(isInteger(nodePool.minNodes, 0), `${at}.nodePool.minNodes`, `${show(nodePool.minNodes)} must be a whole number of at least 0`);
  if (problems.check(isInteger(nodePool.maxNodes, 1), `${at}.nodePool.maxNodes`, `${show(nodePool.maxNodes)} must be a whole number of at least 1`)) {
    problems.check(!(nodePool.minNodes > nodePool.maxNodes), `${at}.nodePool.maxNodes`, `${nodePool.maxNodes} is below minNodes (${nodePool.minNodes}); raise maxNodes or lower minNodes`);
  }
  problems.check(isInteger(nodePool.diskSizeGb, 10), `${at}.nodePool.diskSizeGb`, `${show(nodePool.diskSizeGb)} must be a whole number of GiB, at least 10`);

  if (props.ingressClassName !== undefined) {
    problems.check(isDnsSubdomain(props.ingressClassName), `${at}.ingressClassName`, `${show(props.ingressClassName)} is not ${DNS_SUBDOMAIN_RULE}`);
  }

  const lifecycle = props.lifecycle?.stage ?? 'active';
  problems.check(['active', 'draining', 'retiring'].includes(lifecycle), `${at}.lifecycle`, `${show(lifecycle)} is not a lifecycle; use ClusterLifecycle.active(), .drain() or .retire()`);
  // A retiring cluster's stack is destroyed next: its deletion protection is lifted whatever was declared.
  const retiring = lifecycle === 'retiring';
  const common = {
    name: props.name,
    lifecycle,
    region: props.region,
    zones: zones.names,
    zoneCount: zones.count,
    labels: { ...labels },
    weight,
    nodePool,
    ...(props.ingressClassName !== undefined ? { ingressClassName: props.ingressClassName } : {}),
  };
  if (props.cloud === 'gcp') {
    const declaredGke = resolveGkeOptions(props.gke);
    const gke = retiring ? { ...declaredGke, deletionProtection: false } : declaredGke;
    // GKE's own limit on cluster names (https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster).
    problems.check(typeof props.name !== 'string' || (props.name.length <= 40 && /^[a-z]/.test(props.name)), `${at}.name`, `${show(props.name)} cannot name a GKE cluster: GKE cluster names start with a letter and have at most 40 characters`);
    problems.check(RELEASE_CHANNELS.includes(gke.releaseChannel), `${at}.gke.releaseChannel`, `${show(gke.releaseChannel)} is not a GKE release channel; use one of ${RELEASE_CHANNELS.join(', ')}`);
    gke.authorizedNetworks.forEach((network, j) => {
      const cidr = parseCidr(network.cidr);
      if (problems.check(cidr !== undefined, `${at}.gke.authorizedNetworks[${j}].cidr`, `${show(network.cidr)} is not ${CIDR_RULE}`)) {
        problems.check(cidr!.prefix > 0, `${at}.gke.authorizedNetworks[${j}].cidr`, `${show(network.cidr)} opens the control plane to the whole internet (CKV_GCP_18); list the networks that run kubectl`);
      }
      problems.check(typeof network.name === 'string' && network.name.length > 0, `${at}.gke.authorizedNetworks[${j}].name`, `${show(network.name)}: name the network, e.g. "ci-runners"`);
    });
    // The group suffixes the names of its backend services (see `gcpBackendGroups`), so it stays short.
    problems.check(isDnsLabel(gke.loadBalancerGroup) && gke.loadBalancerGroup.length <= 20, `${at}.gke.loadBalancerGroup`, `${show(gke.loadBalancerGroup)} is not a load balancer group; use a DNS-1123 label of at most 20 characters (lowercase letters, digits and '-', starting and ending with a letter or digit), e.g. "eu-2"`);
    return { ...common, cloud: 'gcp', gke };
  }
  const declaredEks = resolveEksOptions(props.eks);
  const eks = retiring ? { ...declaredEks, deletionProtection: false } : declaredEks;
  problems.check(/^1\.[0-9]{2}$/.test(String(eks.kubernetesVersion)), `${at}.eks.kubernetesVersion`, `${show(eks.kubernetesVersion)} is not a Kubernetes minor version such as "1.33"`);
  problems.check(eks.supportType === 'STANDARD' || eks.supportType === 'EXTENDED', `${at}.eks.supportType`, `${show(eks.supportType)} is not an EKS support type; use "STANDARD" (upgrade at the end of standard support) or "EXTENDED"`);
  problems.check(zones.count <= 4, `${at}.zones`, `lists ${zones.count} zones; an EKS cluster's VPC has room for subnets in at most 4`);
  eks.publicAccessCidrs.forEach((cidr, j) => {
    const block = parseCidr(cidr);
    if (problems.check(block !== undefined, `${at}.eks.publicAccessCidrs[${j}]`, `${show(cidr)} is not ${CIDR_RULE}`)) {
      problems.check(block!.prefix > 0, `${at}.eks.publicAccessCidrs[${j}]`, `${show(cidr)} opens the control plane to the whole internet (CKV_AWS_38); list the networks that run kubectl`);
    }
  });
  eks.adminPrincipalArns.forEach((arn, j) => {
    problems.check(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@\/-]+$/.test(arn), `${at}.eks.adminPrincipalArns[${j}]`, `${show(arn)} is not an IAM role or user ARN such as "arn:aws:iam::123456789012:role/platform-admins"`);
  });
  const vpc = parseCidr(eks.vpcCidr);
  if (eks.existingVpc) {
    // The apps' NetworkPolicies admit the load balancers from the VPC's range: the default one would not be it.
    problems.check(props.eks?.vpcCidr !== undefined, `${at}.eks.vpcCidr`, 'is required with existingVpc: give the existing VPC\'s IPv4 range (its primary CIDR block), from which the apps\' NetworkPolicies admit the load balancers');
    problems.check(vpc !== undefined && vpc.prefix >= 8 && vpc.prefix <= 28, `${at}.eks.vpcCidr`, `${show(eks.vpcCidr)} is not a VPC's IPv4 CIDR block (/8 to /28) such as "172.31.0.0/16"`);
  } else {
    problems.check(vpc !== undefined && vpc.prefix === 16, `${at}.eks.vpcCidr`, `${show(eks.vpcCidr)} must be a /16 IPv4 CIDR block such as "10.0.0.0/16"`);
  }
  if (eks.existingVpc) {
    const { vpcId, privateSubnetIds, publicSubnetIds } = eks.existingVpc;
    problems.check(/^vpc-[0-9a-f]{8,17}$/.test(vpcId), `${at}.eks.existingVpc.vpcId`, `${show(vpcId)} is not a VPC id such as "vpc-0123456789abcdef0"`);
    problems.check(privateSubnetIds.length >= 2, `${at}.eks.existingVpc.privateSubnetIds`, 'must list subnets in at least two availability zones (EKS needs them)');
    problems.check(publicSubnetIds.length >= 1, `${at}.eks.existingVpc.publicSubnetIds`, 'must list at least one subnet for internet-facing load balancers');
    [...privateSubnetIds, ...publicSubnetIds].forEach((id) => {
      problems.check(/^subnet-[0-9a-f]{8,17}$/.test(id), `${at}.eks.existingVpc`, `${show(id)} is not a subnet id such as "subnet-0123456789abcdef0"`);
    });
  }
  return { ...common, cloud: 'aws', eks };
}

/**
 * GCP clusters always get explicit zones (the region's first three by default), because the load balancer's
 * backends are per zone. AWS availability zone names are mapped per account, so by default Terraform looks
 * them up; declared ones are used as given.
 */
function planZones(props: ClusterProps, at: string, regionZones: readonly string[] | undefined, problems: Problems): { names: readonly string[]; count: number } {
  const minimum = props.cloud === 'aws' ? 2 : 1;
  if (props.zones === undefined) {
    const available = regionZones ?? ['a', 'b', 'c'];
    const count = Math.min(3, available.length);
    const names = props.cloud === 'gcp' ? available.slice(0, count).map((z) => `${props.region}-${z}`) : [];
    return { names, count };
  }
  const zones = props.zones;
  if (!problems.check(Array.isArray(zones) && zones.length >= minimum, `${at}.zones`, `${show(zones)} must list at least ${minimum} zone${minimum > 1 ? 's (EKS needs subnets in two availability zones)' : ''}`)) {
    return { names: [], count: minimum };
  }
  const seen = new Set<string>();
  zones.forEach((zone, j) => {
    const valid = props.cloud === 'gcp'
      ? regionZones === undefined || regionZones.some((z) => zone === `${props.region}-${z}`)
      : new RegExp(`^${escape(props.region)}[a-z]$`).test(zone);
    const example = props.cloud === 'gcp' ? `${props.region}-${regionZones?.[0] ?? 'a'}` : `${props.region}a`;
    const known = props.cloud === 'gcp' && regionZones ? `; ${props.region} has ${regionZones.map((z) => `${props.region}-${z}`).join(', ')}` : '';
    problems.check(valid, `${at}.zones[${j}]`, `${show(zone)} is not a zone of ${props.region} (e.g. "${example}")${known}`);
    problems.check(!seen.has(zone), `${at}.zones[${j}]`, `${show(zone)} is listed twice`);
    seen.add(zone);
  });
  return { names: [...zones], count: zones.length };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
