import { DEFAULT_ALB_GROUP, isLoadBalanced, type AppPlan, type ClusterPlan, type FleetPlan, type WorkloadPlan } from '../model';

/** The file, at the top of the output folder, that pictures the fleet. */
export const FLEET_OVERVIEW_FILE = 'FLEET.md';

/**
 * Above this many clusters, or this many app-to-cluster lines, the diagram draws one node per region (naming its
 * clusters) instead of one per cluster: Mermaid's layout of 50 clusters and their edges is unreadable in a pull
 * request. The table does the same above {@link TABLE_COLUMNS} clusters.
 */
const DIAGRAM_CLUSTERS = 12;
const DIAGRAM_EDGES = 60;
const TABLE_COLUMNS = 10;

const CLOUD_TITLE = { gcp: 'Google Cloud (GKE)', aws: 'AWS (EKS)' } as const;

/**
 * `FLEET.md`: the fleet at a glance for reviewers, from the plan alone (deterministic): a Mermaid diagram of the
 * clouds, regions and clusters, the global load balancer, the EKS load balancers and the DNS names, and which apps run where;
 * then a table of apps x clusters with replicas, image and exposure. GitHub and GitLab render the diagram.
 */
export function fleetOverview(plan: FleetPlan): string {
  const clusters = orderedClusters(plan);
  const lines = [
    `# Fleet "${plan.name}"`,
    '',
    'Synthesized by cdk-fleet from the fleet declaration; do not edit. Regenerate with the synth command.',
    '',
    headline(plan),
    '',
    '```mermaid',
    ...diagram(plan, clusters),
    '```',
    '',
    ...table(plan, clusters),
  ];
  return `${lines.join('\n')}\n`;
}

function headline(plan: FleetPlan): string {
  const parts: string[] = [];
  for (const cloud of ['gcp', 'aws'] as const) {
    const on = plan.clustersOn(cloud);
    if (on.length === 0) continue;
    const regions = new Set(on.map((c) => c.region)).size;
    parts.push(`${on.length} ${cloud === 'gcp' ? 'GKE' : 'EKS'} ${on.length === 1 ? 'cluster' : 'clusters'} in ${regions} ${regions === 1 ? 'region' : 'regions'}`);
  }
  const replicas = plan.apps.reduce((sum, a) => sum + plan.workloadsOf(a.name).reduce((s, w) => s + w.replicas, 0), 0);
  const apps = `${plan.apps.length} ${plan.apps.length === 1 ? 'app' : 'apps'}`;
  return `${parts.join(', ') || 'No clusters'}; ${apps}, ${replicas} replicas in all.`;
}

/** Clusters by cloud (GCP first), region, then name. */
function orderedClusters(plan: FleetPlan): ClusterPlan[] {
  const cloudOrder = { gcp: 0, aws: 1 } as const;
  return [...plan.clusters].sort((a, b) => cloudOrder[a.cloud] - cloudOrder[b.cloud] || cmp(a.region, b.region) || cmp(a.name, b.name));
}

/** The app's public host, if it has one. */
function hostOf(app: AppPlan): string | undefined {
  return isLoadBalanced(app) ? app.service.exposure.ingress.host : undefined;
}

/** How a workload is reached from outside its cluster. */
function exposure(w: WorkloadPlan): string {
  if (!isLoadBalanced(w.app)) return 'in cluster';
  if (w.cluster.cloud === 'gcp') return 'global LB';
  const aws = w.app.service.exposure.aws;
  if (aws?.style === 'service') return 'Service LB';
  if (aws?.style === 'alb') return aws.group === DEFAULT_ALB_GROUP ? 'ALB' : `ALB ${aws.group}`;
  return 'NLB';
}

function diagram(plan: FleetPlan, clusters: readonly ClusterPlan[]): string[] {
  const workloadCount = plan.apps.reduce((n, a) => n + plan.workloadsOf(a.name).length, 0);
  const byRegion = clusters.length > DIAGRAM_CLUSTERS || workloadCount > DIAGRAM_EDGES;
  const lines = ['flowchart LR'];
  for (const cloud of ['gcp', 'aws'] as const) {
    const on = clusters.filter((c) => c.cloud === cloud);
    if (on.length === 0) continue;
    lines.push(`  subgraph ${id(cloud)}["${CLOUD_TITLE[cloud]}"]`);
    for (const region of unique(on.map((c) => c.region))) {
      const inRegion = on.filter((c) => c.region === region);
      if (byRegion) {
        const names = inRegion.length > 4 ? `${inRegion.slice(0, 3).map((c) => c.name).join(', ')}, … (${inRegion.length})` : inRegion.map((c) => c.name).join(', ');
        lines.push(`    ${id('r', cloud, region)}["${region}: ${inRegion.length} ${inRegion.length === 1 ? 'cluster' : 'clusters'}<br/>${names}"]`);
      } else {
        lines.push(`    subgraph ${id('r', cloud, region)}["${region}"]`);
        for (const c of inRegion) lines.push(`      ${id('c', c.name)}["${c.name}"]`);
        lines.push('    end');
      }
    }
    lines.push('  end');
  }
  const glbApps = plan.apps.filter((a) => hostOf(a) && plan.workloadsOf(a.name).some((w) => w.cluster.cloud === 'gcp'));
  if (glbApps.length > 0) lines.push(`  ${id('glb')}{{"Google global HTTPS LB"}}`);
  // Edges between the same two nodes are drawn once, labelled with every app they carry.
  const edges = new Map<string, { from: string; to: string; arrow: string; labels: string[] }>();
  const edge = (from: string, to: string, arrow: string, label?: string) => {
    const key = `${from} ${arrow} ${to}`;
    const entry = edges.get(key) ?? { from, to, arrow, labels: [] };
    if (label && !entry.labels.includes(label)) entry.labels.push(label);
    edges.set(key, entry);
  };
  // Where an app runs: its clusters; in a large fleet, its regions, or a whole cloud where it runs in all of it.
  const targets = (workloads: readonly WorkloadPlan[]): { node: string; workload: WorkloadPlan }[] => {
    if (!byRegion) return workloads.map((w) => ({ node: id('c', w.cluster.name), workload: w }));
    const result: { node: string; workload: WorkloadPlan }[] = [];
    for (const cloud of ['gcp', 'aws'] as const) {
      const on = workloads.filter((w) => w.cluster.cloud === cloud);
      const regions = unique(on.map((w) => w.cluster.region));
      const all = unique(clusters.filter((c) => c.cloud === cloud).map((c) => c.region));
      if (on.length > 0 && regions.length === all.length && all.length > 1) result.push({ node: id(cloud), workload: on[0] });
      else for (const region of regions) result.push({ node: id('r', cloud, region), workload: on.find((w) => w.cluster.region === region)! });
    }
    return result;
  };
  for (const app of plan.apps) {
    const workloads = plan.workloadsOf(app.name);
    const host = hostOf(app);
    if (host) {
      const dns = id('dns', app.name);
      lines.push(`  ${dns}(["${host}"])`);
      if (workloads.some((w) => w.cluster.cloud === 'gcp')) edge(dns, id('glb'), '-->');
      for (const { node, workload } of targets(workloads)) {
        if (workload.cluster.cloud === 'gcp') edge(id('glb'), node, '-->', app.name);
        else edge(dns, node, '-->', `${app.name}: ${exposure(workload)}`);
      }
    } else {
      const node = id('app', app.name);
      lines.push(`  ${node}[["${app.name} (${app.service ? 'in cluster' : 'worker'})"]]`);
      for (const target of targets(workloads)) edge(node, target.node, '-.->');
    }
  }
  for (const { from, to, arrow, labels } of edges.values()) {
    const label = labels.length > 4 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ');
    lines.push(`  ${from} ${arrow}${label ? `|"${label}"|` : ''} ${to}`);
  }
  return lines;
}

function table(plan: FleetPlan, clusters: readonly ClusterPlan[]): string[] {
  if (plan.apps.length === 0) return ['No apps are declared.'];
  const lines = ['## Apps and where they run', ''];
  lines.push('| app | image | exposed | host |', '|---|---|---|---|');
  for (const app of plan.apps) {
    const workloads = plan.workloadsOf(app.name);
    const byCloud = [...workloads].sort((a, b) => (a.cluster.cloud === b.cluster.cloud ? 0 : a.cluster.cloud === 'gcp' ? -1 : 1));
    const exposures = !app.service ? 'none (worker)'
      : unique(byCloud.map((w) => `${exposure(w)} (${w.cluster.cloud === 'gcp' ? 'GKE' : 'EKS'})`)).join(', ') || 'not placed';
    lines.push(`| ${app.name} | \`${app.image}\` | ${exposures} | ${hostOf(app) ?? '-'} |`);
  }
  lines.push('');
  if (clusters.length <= TABLE_COLUMNS) {
    lines.push('## Replicas per cluster', '', 'A cell gives the replicas; the image where it differs from the app\'s.', '');
    lines.push(`| app | ${clusters.map((c) => `${c.name} (${c.cloud}, ${c.region})`).join(' | ')} |`);
    lines.push(`|---|${clusters.map(() => '---:').join('|')}|`);
    for (const app of plan.apps) {
      const on = new Map(plan.workloadsOf(app.name).map((w) => [w.cluster.name, w]));
      lines.push(`| ${app.name} | ${clusters.map((c) => cell(on.get(c.name))).join(' | ')} |`);
    }
  } else {
    lines.push('## Replicas per region', '', 'Clusters of a region with the same replicas and image are counted together.', '');
    lines.push('| app | cloud | region | clusters | replicas each | image |', '|---|---|---|---|---:|---|');
    for (const app of plan.apps) {
      const rows = new Map<string, { cloud: string; region: string; names: string[]; replicas: number; image: string }>();
      for (const w of plan.workloadsOf(app.name)) {
        const key = `${w.cluster.cloud}\0${w.cluster.region}\0${w.replicas}\0${w.image}`;
        const row = rows.get(key) ?? { cloud: w.cluster.cloud, region: w.cluster.region, names: [], replicas: w.replicas, image: w.image };
        row.names.push(w.cluster.name);
        rows.set(key, row);
      }
      const order = { gcp: 0, aws: 1 } as Record<string, number>;
      for (const row of [...rows.values()].sort((a, b) => order[a.cloud] - order[b.cloud] || cmp(a.region, b.region) || cmp(a.names[0], b.names[0]))) {
        const names = row.names.length > 4 ? `${row.names.slice(0, 3).join(', ')} and ${row.names.length - 3} more` : row.names.join(', ');
        const image = row.image === app.image ? 'same' : `\`${row.image}\``;
        lines.push(`| ${app.name} | ${row.cloud} | ${row.region} | ${names} | ${row.replicas} | ${image} |`);
      }
    }
  }
  const total = plan.apps.map((a) => `${a.name} ${plan.workloadsOf(a.name).reduce((s, w) => s + w.replicas, 0)}`).join(', ');
  lines.push('', `Replicas in all: ${total}.`);
  return lines;
}

function cell(w: WorkloadPlan | undefined): string {
  if (!w) return '-';
  return w.image === w.app.image ? String(w.replicas) : `${w.replicas} (\`${w.image}\`)`;
}

/** A Mermaid node id: letters, digits and underscores only. */
function id(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9]/g, '_');
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
