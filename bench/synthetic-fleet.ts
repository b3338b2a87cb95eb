import { ControlPlaneAccess, DnsZone, EnvValue, Fleet, IngressTls, Placement, Replicas } from '../lib';

const GCP_REGIONS = ['us-central1', 'us-east1', 'us-east4', 'us-west1', 'us-west2', 'europe-west1', 'europe-west2', 'europe-west3', 'europe-west4', 'asia-east1', 'asia-northeast1', 'asia-southeast1', 'australia-southeast1', 'southamerica-east1', 'northamerica-northeast1'];
const AWS_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'eu-north-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1', 'ca-central-1'];

/**
 * A fleet of `clusters` clusters (alternating GCP and AWS, over the regions above) and `apps` apps, every app on
 * every GKE cluster and on the EKS clusters of its slice (all of them up to 50 apps), each with a host and a NodePort, and overrides on every fifth cluster: the shape a platform team
 * with many clusters has. Names derive from indexes, so the fleet is the same on every run.
 */
export function syntheticFleet(clusters: number, apps: number): Fleet {
  const fleet = new Fleet({ name: 'bench', gcp: { project: 'bench-project' }, dns: DnsZone.route53({ zoneName: 'bench.example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  const names: string[] = [];
  for (let i = 0; i < clusters; i++) {
    const cloud = i % 2 === 0 ? 'gcp' : 'aws';
    const regions = cloud === 'gcp' ? GCP_REGIONS : AWS_REGIONS;
    const region = regions[Math.floor(i / 2) % regions.length];
    const name = `c${String(i).padStart(3, '0')}-${region}`;
    names.push(name);
    // A backend service holds at most 50 backends (one per zone: 3 here), so GKE clusters come in load balancer
    // groups of 16 consecutive ones (48 backends): 16 consecutive GKE clusters cover all 15 regions, so every full
    // group serves every region (Google picks a group by weight before proximity), and adding clusters never
    // moves an existing one to another group (the first group is the default one).
    const group = cloud === 'gcp' && Math.floor(i / 2 / 16) > 0 ? { gke: { loadBalancerGroup: `lb-${Math.floor(i / 2 / 16)}` } } : {};
    fleet.addCluster({ name, cloud, region, labels: { ring: String(i % 3) }, weight: 1 + (i % 3), ...group });
  }
  // An EKS cluster's node group takes the target groups of at most 50 apps (a fixed AWS limit), so past 50 apps
  // each EKS cluster runs one slice of 50 of them; GKE clusters run every app. Each app's slice runs on its own
  // ALB group per 25 apps: an ALB's listener takes 25 certificates by default.
  const eksSlices = Math.ceil(apps / 50);
  for (let a = 0; a < apps; a++) {
    const name = `app${String(a).padStart(3, '0')}`;
    const slice = Math.floor(a / 50);
    const placed = names.filter((_, i) => i % 2 === 0 || Math.floor(i / 2) % eksSlices === slice);
    const overrides = Object.fromEntries(names.filter((c, i) => i % 5 === 0 && placed.includes(c)).map((c) => [c, { image: `registry.example.com/${name}:2.0.0`, env: { CANARY: 'true' } }]));
    fleet.addApp({
      name,
      image: `registry.example.com/${name}:1.0.0`,
      containerPort: 8080,
      env: { REGION: EnvValue.fromCluster('region'), APP: name },
      readiness: { path: '/healthz' },
      replicas: a % 4 === 0 ? Replicas.divided(clusters * 3) : Replicas.perCluster(3),
      nodePort: 30000 + a,
      // An in-cluster Ingress too, as the benchmark measured before it became opt-in: the same objects as the peer.
      ingress: { host: `${name}.bench.example.com`, inCluster: { className: 'nginx', tls: IngressTls.certManager('letsencrypt') } },
      placement: eksSlices > 1 ? Placement.clusters(...placed) : Placement.all(),
      loadBalancing: { aws: { albGroup: `g${Math.floor((a % 50) / 25)}` } },
      overrides,
    });
  }
  return fleet;
}
