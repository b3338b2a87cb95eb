import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

/*
 * The review list of the apply-time rules we rely on: what `terraform validate` and the schemas cannot see, and a
 * first `terraform apply` or `kubectl apply` would. Each rule names its source and the test that enforces it at
 * synth time (file and the start of the test's title); this test fails when a named test no longer exists, so the
 * list cannot drift from the suite. Add a rule here with its test when output meets a new cloud rule
 * (CHECKLIST.md, "Apply-time rules", is the shared list). Rules marked `owner` are another issue's.
 */
interface Rule {
  readonly rule: string;
  readonly source: string;
  readonly tests: readonly (readonly [file: string, title: string])[];
}

const RULES: readonly Rule[] = [
  {
    rule: 'Google APIs are off on a new project (403 SERVICE_DISABLED): enabled in the first step, kept on when destroyed',
    source: 'https://cloud.google.com/service-usage/docs/enable-disable; google 6.50.0 google_project_service',
    tests: [['first-apply.test.ts', 'enables the Google APIs in the first step'], ['first-apply.test.ts', 'enables Cloud DNS\'s API']],
  },
  {
    rule: 'A load-balancer-authorized Google certificate is issued only once the host resolves to the serving load balancer: DNS authorization, its CNAME in the zone',
    source: 'https://cloud.google.com/certificate-manager/docs/domain-authorization',
    tests: [['first-apply.test.ts', 'authorizes every Google-managed certificate by DNS'], ['first-apply.test.ts', 'writes the certificate\'s CNAME in Cloud DNS too']],
  },
  {
    rule: 'Multi-cluster Services and the multi-cluster Gateway need their APIs and IAM bindings; Gateway objects need the Gateway API on the clusters',
    source: 'https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-services, .../enabling-multi-cluster-gateways',
    tests: [['first-apply.test.ts', 'gives the multi-cluster features their APIs, IAM bindings']],
  },
  {
    rule: 'kubectl must reach the control planes: a declared access (authorized networks, DNS endpoint, EKS public CIDRs) or a refusal naming the choices; never 0.0.0.0/0',
    source: 'CKV_GCP_20/18, CKV_AWS_38/39; https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation',
    tests: [
      ['first-apply.test.ts', 'refuses a fleet that declares no way to reach its control planes'],
      ['first-apply.test.ts', 'opens GKE\'s authorized networks and EKS\'s public endpoint'],
      ['first-apply.test.ts', 'turns on GKE\'s DNS-based endpoint'],
      ['first-apply.test.ts', 'refuses a network that opens the control planes to the whole internet'],
    ],
  },
  {
    rule: 'One Route53 record set per name and set identifier, one certificate map entry per hostname: a shared host is written once; apps that share a host stay off EKS',
    source: 'Route53 ChangeResourceRecordSets (InvalidChangeBatch: already exists); Certificate Manager map entries',
    tests: [['first-apply.test.ts', 'writes the records and the certificate of a shared host once'], ['first-apply.test.ts', 'refuses a shared host without an app at "/"']],
  },
  {
    rule: 'NEG names are zonal: two clusters in one region name their NEGs apart',
    source: 'https://cloud.google.com/compute/docs/reference/rest/v1/networkEndpointGroups/insert',
    tests: [['first-apply.test.ts', 'names the NEGs of each cluster apart']],
  },
  {
    rule: 'Cloud names unique by construction: joined names collide (prod + eu-web = prod-eu + web)',
    source: 'GCP and AWS name uniqueness per project/account, region or zone',
    tests: [
      ['first-apply.test.ts', 'gives every (cluster, app) pair its own NEG name'],
      ['first-apply.test.ts', 'keeps tuple names apart over every split of the same characters'],
      ['first-apply.test.ts', 'synthesizes no two resources of one kind with one cloud name'],
      ['first-apply.test.ts', 'synthesizes no two AWS resources with one name'],
    ],
  },
  {
    rule: 'An Auto Scaling group takes at most 50 target groups (fixed): a cluster takes at most 50 apps behind its shared ALBs and NLBs, refused past it',
    source: 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html',
    tests: [['aws-load-balancing.test.ts', 'takes 50 apps on a cluster and refuses a 51st']],
  },
  {
    rule: 'Load balancing quotas: certificates per ALB 25, ALBs and NLBs per region 50, target groups per region 3,000, web ACLs per region 100, Route53 health checks 200 per account; the runbook lists what the fleet exceeds',
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html; https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html',
    tests: [['aws-load-balancing.test.ts', 'lists the certificates per ALB, the load balancers per region and the Route53 health checks']],
  },
  {
    rule: 'Route53 refuses an alias to a record that does not exist yet: a latency record that aliases a weighted set depends on its records',
    source: 'Route53 ChangeResourceRecordSets (InvalidChangeBatch: Tried to create an alias that targets ..., but it does not exist)',
    tests: [['aws-load-balancing.test.ts', 'makes a latency record that aliases a weighted set depend on the set\'s records']],
  },
  {
    rule: 'A deletion-protected load balancer cannot be deleted: an app\'s NLB has its own switch, a kept NLB is unprotected once DNS leaves it',
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#deletion-protection',
    tests: [['aws-load-balancing.test.ts', 'protects an app\'s NLB by its own switch'], ['aws-load-balancing.test.ts', 'goes in three reviewable steps']],
  },
  {
    rule: 'A security group to a CIDR misses an existing VPC of another range: load balancers go out to the nodes\' group, and NetworkPolicies use the declared range of an existing VPC',
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html',
    tests: [['aws-load-balancing.test.ts', 'puts the NLBs of a cluster in one security group'], ['aws-load-balancing.test.ts', 'admits the shared ALB into the pods from the VPC\'s range only']],
  },
  {
    rule: 'DNS forbids a CNAME at a zone apex: a Cloud DNS apex host with EKS endpoints is refused',
    source: 'RFC 1034 section 3.6.2, RFC 2181 section 10.1',
    tests: [['first-apply.test.ts', 'refuses a Cloud DNS host at the zone apex'], ['first-apply.test.ts', 'accepts a Cloud DNS apex host served by GKE alone']],
  },
  {
    rule: 'Google: at most 50 instance-group or zonal-NEG backends per backend service (not configurable): one backend service per app and gke.loadBalancerGroup, refused past 50; the URL map\'s host rules (1000), paths per path matcher (1000) and backend services (2500)',
    source: 'https://cloud.google.com/load-balancing/docs/quotas (Backends; URL maps)',
    tests: [
      ['gcp-limits.test.ts', 'refuses 20 GKE clusters of 3 zones in one group'],
      ['gcp-limits.test.ts', 'splits each app into a backend service per group, each within 50 backends'],
      ['gcp-limits.test.ts', 'refuses more hosts than a URL map takes host rules'],
      ['gcp-limits.test.ts', 'refuses more paths on one host than a path matcher takes'],
      ['gcp-limits.test.ts', 'refuses more backend services than a URL map references'],
    ],
  },
  {
    rule: 'Default quotas: EC2-VPC Elastic IPs 5 per region (L-0263D0A3); SSD_TOTAL_GB 500 GB per region, with GKE\'s temporary default pool; GLOBAL_EXTERNAL_MANAGED_BACKEND_SERVICES 50, HEALTH_CHECKS 75, FIREWALLS 100 per project; the runbook lists what the fleet exceeds',
    source: 'https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html; https://cloud.google.com/compute/resource-usage; https://cloud.google.com/load-balancing/docs/quotas (no number: a new project\'s `gcloud compute project-info describe`)',
    tests: [['first-apply.test.ts', 'counts the Elastic IPs of each region'], ['first-apply.test.ts', 'lists the quotas the fleet exceeds'], ['gcp-limits.test.ts', 'counts the backend services, health checks and firewall rules']],
  },
  {
    rule: 'EKS never scales a managed node group by itself: the Cluster Autoscaler and its IAM',
    source: 'kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md; https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html',
    tests: [['first-apply.test.ts', 'runs the Cluster Autoscaler on every EKS cluster']],
  },
  {
    rule: 'An EKS version past standard support is kept at the extended price unless the upgrade policy says STANDARD',
    source: 'https://docs.aws.amazon.com/eks/latest/userguide/view-upgrade-policy.html',
    tests: [['first-apply.test.ts', 'upgrades EKS at the end of standard support']],
  },
  {
    rule: 'kubectl apply without --prune leaves removed objects; the default prune list lacks PodDisruptionBudget: prune by the fleet\'s labels and kinds',
    source: 'https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/',
    tests: [['first-apply.test.ts', 'prunes with the fleet\'s labels and every kind the output holds']],
  },
  {
    rule: 'Argo CD counts an Ingress Healthy only with an address; progressive syncs wait for Healthy',
    source: 'https://argo-cd.readthedocs.io/en/stable/operator-manual/health/',
    tests: [['first-apply.test.ts', 'counts the fleet\'s Ingresses healthy without an address']],
  },
  {
    rule: 'GKE multi-cluster Ingress and Gateway build a second load balancer: said plainly, with its cost',
    source: 'https://cloud.google.com/kubernetes-engine/pricing#multi-cluster-ingress',
    tests: [['first-apply.test.ts', 'says plainly that the GKE multi-cluster objects run beside']],
  },
  {
    rule: 'Karmada applies the bare template before a late OverridePolicy unless dependentOverrides names it; Abort refuses existing objects',
    source: 'https://karmada.io/docs/userguide/scheduling/override-policy; PropagationPolicy conflictResolution',
    tests: [['first-apply.test.ts', 'makes Karmada wait for the overrides'], ['control-planes.test.ts', 'validates against Karmada\'s policy CRDs']],
  },
  {
    rule: 'Every AWS stack is valid for the real hashicorp/aws 5.100.0; every Google argument is known to the google 6.50.0 bindings',
    source: 'terraform validate (offline mirror); @cdktf/provider-google 16.12.1',
    tests: [['terraform-aws.test.ts', 'passes for every AWS stack of the'], ['terraform-gcp.test.ts', 'uses only resource types and arguments of the Google provider']],
  },
];

describe('the review list of apply-time rules', () => {
  const sources = new Map<string, string>();
  const source = (file: string) => {
    if (!sources.has(file)) {
      const ts = path.join(__dirname, '..', '..', 'test', file);
      sources.set(file, fs.existsSync(ts) ? fs.readFileSync(ts, 'utf8') : '');
    }
    return sources.get(file)!;
  };

  it('ties every rule to a test that exists', () => {
    const missing = RULES.flatMap((r) => r.tests.filter(([file, title]) => !source(file).includes(`it(\`${title}`) && !source(file).includes(`it('${title.replace(/'/g, "\\'")}`)).map(([file, title]) => `${r.rule}: ${file} "${title}"`));
    assert.deepEqual(missing, []);
  });

  it('lists every test of issue 15\'s items', () => {
    const titles = [...source('first-apply.test.ts').matchAll(/it\('((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\'/g, "'"));
    const listed = RULES.flatMap((r) => r.tests.filter(([file]) => file === 'first-apply.test.ts').map(([, title]) => title));
    assert.deepEqual(titles.filter((t) => /\(item \d+\)/.test(t) && !listed.some((l) => t.startsWith(l))), []);
  });
});
