import { pruneFlags } from '../kubernetes/prune';
import { hostsOf, isLoadBalanced, type ClusterPlan, type FleetPlan } from '../model';
import { appResourceName } from './gcp/gcp-names';
import { gcpApis } from './gcp/gcp-apis-stack';
import { exceededQuotas, quotaUses } from './quotas';

/*
 * The parts of `dist/terraform/README.md` that make it a first-apply runbook, from the plan: what to have before
 * the first step (credentials, APIs, quotas, where kubectl runs), what to do and check after each step, and how to
 * know the fleet serves. Kept generated, so it is right for any fleet.
 */

/** The sections before the steps. */
export function prerequisites(plan: FleetPlan): string[] {
  const gcp = plan.settings.gcp;
  const lines = ['## Before the first step', '', '### Credentials and tools', ''];
  lines.push('- `terraform` 1.5 or later and `kubectl`; every command below runs from `dist/terraform/`.');
  if (gcp) {
    lines.push(
      `- Google Cloud: \`gcloud auth application-default login\` as a principal that may create the fleet's resources in the project \`${gcp.project}\` (Owner, or Editor with Project IAM Admin and Service Usage Admin), with billing on, and \`gke-gcloud-auth-plugin\` for kubectl.`,
      `- The APIs that enable the others: \`gcloud services enable serviceusage.googleapis.com cloudresourcemanager.googleapis.com --project ${gcp.project}\`.`,
    );
  }
  if (plan.clustersOn('aws').length > 0 || plan.settings.dns?.kind === 'route53') {
    lines.push('- AWS: credentials of the account (`AWS_PROFILE` or the environment) allowed to create VPCs, EKS clusters, IAM roles, KMS keys, load balancers, ACM certificates and Route53 records. The principal that applies an EKS stack becomes that cluster\'s admin (EKS access entries).');
  }
  if (gcp) {
    const apis = gcpApis(plan);
    lines.push('', '### Google APIs', '', `The \`gcp-apis\` stack of step 1 enables ${apis.map((a) => `\`${a}\``).join(', ')}; every other Google stack reads it, so it runs first. It leaves them on when destroyed.`);
  }
  lines.push('', '### Quotas', '');
  const exceeded = exceededQuotas(plan);
  if (exceeded.length > 0) {
    lines.push('This fleet needs more than the default of these quotas: raise them before step 1 (Google Cloud console, IAM & Admin > Quotas; AWS Service Quotas), or the apply stops half-way.', '');
    lines.push('| cloud | where | quota | default | needed | what |', '|---|---|---|---|---|---|');
    for (const q of exceeded) lines.push(`| ${q.cloud} | ${q.scope} | ${q.quota} | ${q.defaultLimit} | ${q.needed} | ${q.why} |`);
  } else {
    lines.push('The fleet stays within the default quotas it is checked against.');
  }
  // Uses far below their default would bury the ones to watch: half of the default is worth a line.
  const within = quotaUses(plan).filter((q) => q.needed <= q.defaultLimit && q.needed * 2 >= q.defaultLimit);
  if (within.length > 0) lines.push('', `Within the defaults, at half or more: ${within.map((q) => `${q.quota} in ${q.scope} (${q.needed} of ${q.defaultLimit})`).join('; ')}.`);
  lines.push('', '### Where kubectl runs', '', ...kubectlAccess(plan), '');
  return lines;
}

function kubectlAccess(plan: FleetPlan): string[] {
  const lines: string[] = [];
  for (const c of plan.clusters) {
    if (c.cloud === 'gcp') {
      if (c.gke.dnsEndpoint) lines.push(`- \`${c.name}\` (GKE): from anywhere, through the DNS-based endpoint; IAM authorizes every request.`);
      else if (c.gke.authorizedNetworks.length > 0) lines.push(`- \`${c.name}\` (GKE): from ${c.gke.authorizedNetworks.map((n) => `${n.name} (${n.cidr})`).join(', ')}.`);
      else lines.push(`- \`${c.name}\` (GKE): from inside the fleet's VPC only (a bastion or a runner in it).`);
    } else {
      lines.push(c.eks.publicAccessCidrs.length > 0
        ? `- \`${c.name}\` (EKS): from ${c.eks.publicAccessCidrs.join(', ')}.`
        : `- \`${c.name}\` (EKS): from inside the cluster's VPC only (a bastion or a runner in it).`);
    }
  }
  return lines;
}

/** What to do and check once a step's stack is applied. */
export function afterStack(plan: FleetPlan, stack: string): string[] {
  if (stack === 'dns-zone') {
    const zone = plan.settings.dns?.zoneName;
    return [
      `Delegate ${zone ? `\`${zone}\`` : 'the domain'} to the zone before going on: the certificates are validated in it. Set the name servers of \`terraform -chdir=stacks/dns-zone output name_servers\` at the parent zone or registrar, and wait until \`dig +short NS ${zone ?? '<zone>'}\` lists them.`,
    ];
  }
  if (stack === 'aws-certificates') return ['The apply returns once ACM has issued every certificate (it validates them in the zone, so the delegation must be done).'];
  if (stack === 'gcp-apis') return ['Check: `gcloud services list --enabled` lists the APIs above.'];
  if (stack === 'gcp-global-lb') {
    const certs = hostsOf(plan.apps.filter((a) => plan.workloadsOf(a.name).some((w) => w.cluster.cloud === 'gcp')));
    return [
      'Read the address: `terraform -chdir=stacks/gcp-global-lb output ip_address`.',
      ...(certs.length > 0 ? [`The certificates are issued once their \`_acme-challenge\` CNAMEs are in the zone (the \`global-dns-*\` stacks write them${plan.settings.dns ? '' : '; this fleet has no DNS stacks: create each CNAME from the `dns_authorization_name_*` and `dns_authorization_data_*` outputs'}). Wait until \`gcloud certificate-manager certificates describe ${appResourceName(plan, certs[0].owner)} --format='value(managed.state)'\` answers \`ACTIVE\` for each: ${certs.map((h) => `\`${appResourceName(plan, h.owner)}\` (${h.host})`).join(', ')}.`] : []),
    ];
  }
  if (stack === 'gke-fleet-hub') return ['Check: `gcloud container fleet memberships list` lists every GKE cluster.'];
  if (stack.startsWith('global-dns-')) {
    const owner = plan.apps.filter(isLoadBalanced).find((a) => stack === `global-dns-${a.name}`);
    if (!owner) return [];
    return [`Check: \`curl -fsS https://${owner.service.exposure.ingress.host}${owner.readiness.check.path}\` answers once the records are live and the certificates issued${plan.settings.dns?.kind === 'route53' ? '; the Route53 health checks of the host turn healthy within a few minutes' : ''}.`];
  }
  const cluster = plan.clusters.find((c) => stack === `cluster-${c.name}`);
  if (cluster) return [`Credentials: \`${credentialsCommand(plan, cluster)}\`. Check: \`kubectl --context ${cluster.name} get nodes\` lists Ready nodes.`];
  return [];
}

/** The command that gives kubectl a context named after the cluster. */
export function credentialsCommand(plan: FleetPlan, cluster: ClusterPlan): string {
  if (cluster.cloud === 'gcp') {
    const project = plan.gcpProject();
    const dns = cluster.gke?.dnsEndpoint ? ' --dns-endpoint' : '';
    return `gcloud container clusters get-credentials ${cluster.name} --region ${cluster.region} --project ${project}${dns} && kubectl config rename-context gke_${project}_${cluster.region}_${cluster.name} ${cluster.name}`;
  }
  return `aws eks update-kubeconfig --name ${cluster.name} --region ${cluster.region} --alias ${cluster.name}`;
}

/**
 * The manifests to apply once a step's clusters exist: before the next step, because the stacks of later steps
 * may read what the manifests create (NEGs on GKE, controller-owned load balancers on EKS).
 */
export function kubernetesAfterStep(plan: FleetPlan, stacks: readonly string[]): string[] {
  const clusters = plan.clusters.filter((c) => stacks.includes(`cluster-${c.name}`) && plan.workloadsOn(c.name).length > 0);
  if (clusters.length === 0) return [];
  return [
    `Then apply the manifests of ${clusters.map((c) => `\`${c.name}\``).join(', ')}, from where kubectl reaches them (see above). \`--prune\` with the fleet's labels deletes what a later synth removed (an app moved away, a dropped PodDisruptionBudget), and nothing else:`,
    '',
    '```sh',
    `PRUNE='${pruneFlags(plan)}'`,
    `for cluster in ${clusters.map((c) => c.name).join(' ')}; do kubectl --context $cluster apply -f ../kubernetes/$cluster/ $PRUNE; done`,
    '```',
    '',
    `Check: \`kubectl --context <cluster> get deployments -A -l app.kubernetes.io/part-of=${plan.name}\` shows every Deployment available.`,
    '',
  ];
}
