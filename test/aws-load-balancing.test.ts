import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Fleet, synth, type AppProps, type AwsLoadBalancingProps, type ClusterProps, type FleetProps } from '../lib';
import { exceededQuotas, quotaUses } from '../lib/terraform/quotas';
import { problemsOf } from './support/fleets';
import { clusterManifests, synthToTemp, tempDir, type Manifest } from './support/synth';
import { terraformSkip, usesOnlyAws, validateStacks } from './support/terraform';
import { danglingReferences, readStacks, resource, type TerraformJson } from './support/terraform-graph';

/*
 * Issue 14 on AWS: one shared ALB per EKS cluster (per ALB group), per-app NLBs as the option for what an ALB
 * cannot serve, the fixed limit of 50 target groups per Auto Scaling group, the quotas that a fleet passes, and the
 * move from NLBs to the ALB without downtime. The seed fleet's ALB itself is read back in terraform-aws.test.ts.
 */

const FLEET: FleetProps = { name: 'lb', dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() };
const EKS: ClusterProps = { name: 'eks', cloud: 'aws', region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b'] };

const EXISTING_VPC = { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'], publicSubnetIds: ['subnet-0123456789abcdef3'] };

function app(i: number, aws: AwsLoadBalancingProps = {}, extra: Partial<AppProps> = {}): AppProps {
  return { name: `app-${i}`, image: 'registry.example.com/app:1.0.0', containerPort: 8080, nodePort: 30100 + i, ingress: { host: `app-${i}.example.com` }, loadBalancing: { aws }, ...extra };
}

function fleetOf(apps: readonly AppProps[], clusters: readonly ClusterProps[] = [EKS], props: FleetProps = FLEET): Fleet {
  const fleet = new Fleet(props);
  for (const c of clusters) fleet.addCluster(c);
  for (const a of apps) fleet.addApp(a);
  return fleet;
}

function resources(stack: TerraformJson, type: string): Record<string, TerraformJson> {
  return stack.resource?.[type] ?? {};
}

describe('the shared ALB of an EKS cluster', () => {
  it('serves every app of a cluster from one ALB with a rule, a target group and a certificate each, and one security rule pair per NodePort', () => {
    const stack = readStacks(synthToTemp(fleetOf([app(1), app(2, {}, { ingress: { host: 'app-2.example.com', path: '/api' } }), app(3)])).files).get('cluster-eks')!;
    assert.deepEqual(Object.keys(resources(stack, 'aws_lb')), ['alb-default-load-balancer']);
    assert.equal(Object.keys(resources(stack, 'aws_lb_target_group')).length, 3);
    assert.equal(Object.keys(resources(stack, 'aws_lb_listener_certificate')).length, 3);
    assert.deepEqual(resource(stack, 'aws_lb_listener_rule', 'host-app-2-rule').condition, [
      { host_header: { values: ['app-2.example.com'] } },
      { path_pattern: { values: ['/api', '/api/*'] } },
    ]);
    const ingress = Object.values(resources(stack, 'aws_vpc_security_group_ingress_rule')).map((r) => [r.from_port, r.to_port]);
    assert.deepEqual(ingress.sort(), [[30101, 30101], [30102, 30102], [30103, 30103]]);
    // The listener's default certificate is the first host's; requests for other hosts go by SNI.
    assert.equal(resource(stack, 'aws_lb_listener', 'alb-default-https').certificate_arn, '${data.terraform_remote_state.stack-aws-certificates.outputs.certificate_arn_eu-west-1_app-1}');
  });

  it('spreads apps over the ALB groups they name, each with its own ALB, web ACL and outputs, and points each host at its group\'s ALB', () => {
    const stacks = readStacks(synthToTemp(fleetOf([app(1), app(2, { albGroup: 'apis' }), app(3, { albGroup: 'apis' })])).files);
    const stack = stacks.get('cluster-eks')!;
    assert.deepEqual(Object.keys(resources(stack, 'aws_lb')).sort(), ['alb-apis-load-balancer', 'alb-default-load-balancer']);
    assert.deepEqual(Object.keys(resources(stack, 'aws_wafv2_web_acl')).sort(), ['alb-apis-web-acl', 'alb-default-web-acl']);
    assert.equal(resource(stack, 'aws_lb_listener_rule', 'host-app-3-rule').listener_arn, '${aws_lb_listener.alb-apis-https.arn}');
    const record = resource(stacks.get('global-dns-app-2')!, 'aws_route53_record', 'latency-app-2-eu-west-1');
    assert.equal(record.alias.name, '${data.terraform_remote_state.stack-cluster-eks.outputs.alb_dns_name_apis}');
    const names = Object.values(resources(stack, 'aws_lb')).map((lb) => lb.name);
    assert.ok(names.every((n) => n.length <= 32) && new Set(names).size === 2, names.join(', '));
    assert.deepEqual(danglingReferences(stacks), []);
  });

  it('admits the shared ALB into the pods from the VPC\'s range only, and asks an existing VPC for its range', () => {
    const existing: ClusterProps = { ...EKS, eks: { vpcCidr: '172.31.0.0/16', existingVpc: EXISTING_VPC } };
    const { files } = synthToTemp(fleetOf([app(1), app(2, { loadBalancer: 'nlb' })], [existing]));
    const policies = clusterManifests(files, 'eks').filter((m) => m.kind === 'NetworkPolicy');
    const from = (name: string) => policies.find((p) => p.metadata.name === name)!.spec.ingress.flatMap((r: Manifest) => r.from.map((f: Manifest) => f.ipBlock?.cidr)).filter(Boolean);
    assert.deepEqual(from('app-1'), ['172.31.0.0/16']);
    // An NLB's instance targets keep the client's address.
    assert.deepEqual(from('app-2'), ['0.0.0.0/0']);
    const problems = problemsOf(fleetOf([app(1)], [{ ...EKS, eks: { existingVpc: EXISTING_VPC } }]));
    assert.deepEqual(problems.map((p) => p.path), ['clusters[0].eks.vpcCidr']);
    assert.match(problems[0].message, /is required with existingVpc/);
  });

  it('keeps the ids of an ALB group and of an app apart, whatever their names', () => {
    // A group named `app-<app>` once gave its ALB the ids of the app's target (`alb-app-<app>-…`).
    const stack = readStacks(synthToTemp(fleetOf([app(1, { albGroup: 'app-app-1' }), app(2, { albGroup: 'host-app-2' })])).files).get('cluster-eks')!;
    assert.deepEqual(Object.keys(resources(stack, 'aws_lb')).sort(), ['alb-app-app-1-load-balancer', 'alb-host-app-2-load-balancer']);
    assert.deepEqual(Object.keys(resources(stack, 'aws_lb_target_group')).sort(), ['host-app-1-target-group', 'host-app-2-target-group']);
  });

  it('leaves the WAF out when the fleet turns it off', () => {
    const stack = readStacks(synthToTemp(fleetOf([app(1)], [EKS], { ...FLEET, aws: { waf: false } })).files).get('cluster-eks')!;
    assert.deepEqual(resources(stack, 'aws_wafv2_web_acl'), {});
    assert.deepEqual(resources(stack, 'aws_wafv2_web_acl_association'), {});
  });

  it('makes a latency record that aliases a weighted set depend on the set\'s records, so a parallel apply cannot race', () => {
    const second: ClusterProps = { name: 'eks-2', cloud: 'aws', region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b'], eks: { vpcCidr: '10.1.0.0/16' } };
    const dns = readStacks(synthToTemp(fleetOf([app(1)], [EKS, second])).files).get('global-dns-app-1')!;
    const latency = resource(dns, 'aws_route53_record', 'latency-app-1-eu-west-1');
    assert.equal(latency.alias.name, 'eu-west-1.app-1.example.com');
    assert.deepEqual(latency.depends_on.sort(), ['aws_route53_record.weighted-app-1-eu-west-1-eks', 'aws_route53_record.weighted-app-1-eu-west-1-eks-2']);
    // Each app and cluster keeps a health check of its own.
    assert.deepEqual(Object.keys(resources(dns, 'aws_route53_health_check')).sort(), ['alb-health-app-1-eks', 'alb-health-app-1-eks-2']);
  });
});

describe('fixed limits and quotas of the AWS load balancing', () => {
  it('takes 50 apps on a cluster and refuses a 51st, naming the cluster, the count and the ways out (an Auto Scaling group holds at most 50 target groups)', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => app(i, { albGroup: i < 25 ? 'default' : 'more' }));
    assert.deepEqual(problemsOf(fleetOf(fifty)), []);
    const problems = problemsOf(fleetOf([...fifty, app(50, { loadBalancer: 'nlb' })]));
    assert.deepEqual(problems.map((p) => p.path), ['clusters[0]']);
    assert.match(problems[0].message, /EKS cluster "eks" would attach 51 target groups to its node group \(50 apps behind its shared ALBs, 1 NLBs\), and an Auto Scaling group takes at most 50/);
    assert.match(problems[0].message, /loadBalancer "service"/);
    // An app whose NLB is kept during its move to the ALB attaches two.
    assert.match(problemsOf(fleetOf([...fifty.slice(0, 49), app(49, { keepNlb: 'serving' })]))[0].message, /51 target groups/);
    // A service-owned load balancer registers pod IPs and attaches nothing to the node group.
    const service = app(50, { loadBalancer: 'service', certificateArns: { 'eu-west-1': 'arn:aws:acm:eu-west-1:123456789012:certificate/0b6a5b1c-1234-4cde-8f00-123456789abc' } }, { servicePort: 443 });
    assert.deepEqual(problemsOf(fleetOf([...fifty, service])), []);
  });

  it('lists the certificates per ALB, the load balancers per region and the Route53 health checks that a fleet passes, by quota name', () => {
    const crowded = fleetOf(Array.from({ length: 30 }, (_, i) => app(i))).plan();
    const certificates = exceededQuotas(crowded).find((q) => q.quota.startsWith('Certificates per Application Load Balancer'));
    assert.deepEqual([certificates?.scope, certificates?.needed, certificates?.defaultLimit], ['eu-west-1, ALB default of eks', 29, 25]);
    assert.match(certificates!.why, /albGroup/);
    const spread = fleetOf(Array.from({ length: 30 }, (_, i) => app(i, { albGroup: i % 2 ? 'odd' : 'even' }))).plan();
    assert.equal(exceededQuotas(spread).some((q) => q.quota.startsWith('Certificates per')), false);
    const albs = quotaUses(spread).find((q) => q.quota.startsWith('Application Load Balancers per Region'));
    assert.deepEqual([albs?.scope, albs?.needed, albs?.defaultLimit], ['eu-west-1', 2, 50]);

    // 202 health checks: one per app and endpoint, on the two EKS clusters (service-owned load balancers, which
    // take no target group of the node groups).
    const second: ClusterProps = { name: 'eks-us', cloud: 'aws', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'] };
    const arn = (region: string) => `arn:aws:acm:${region}:123456789012:certificate/0b6a5b1c-1234-4cde-8f00-123456789abc`;
    const service: AwsLoadBalancingProps = { loadBalancer: 'service', certificateArns: { 'eu-west-1': arn('eu-west-1'), 'us-east-1': arn('us-east-1') } };
    const many = fleetOf(Array.from({ length: 101 }, (_, i) => app(i, service, { servicePort: 443 })), [EKS, second]);
    const checks = exceededQuotas(many.plan()).find((q) => q.quota === 'Route 53 health checks per account');
    assert.deepEqual([checks?.scope, checks?.needed, checks?.defaultLimit], ['account', 202, 200]);
  });
});

describe('per-app NLBs, the option for what the shared ALB does not serve', () => {
  it('puts the NLBs of a cluster in one security group, out to the nodes\' own group rather than a CIDR, so an existing VPC of any range works', () => {
    const existing: ClusterProps = { ...EKS, eks: { vpcCidr: '172.31.0.0/16', existingVpc: EXISTING_VPC } };
    const stack = readStacks(synthToTemp(fleetOf(Array.from({ length: 45 }, (_, i) => app(i, { loadBalancer: 'nlb' })), [existing])).files).get('cluster-eks')!;
    assert.equal(Object.keys(resources(stack, 'aws_lb')).length, 45);
    assert.deepEqual(Object.keys(resources(stack, 'aws_security_group')), ['load-balancers-security-group']);
    const rules = Object.values(resources(stack, 'aws_vpc_security_group_ingress_rule'));
    assert.deepEqual(rules.map((r) => [r.ip_protocol, r.from_port, r.to_port]), [['tcp', 30000, 32767]]);
    const group = resource(stack, 'aws_security_group', 'load-balancers-security-group');
    assert.deepEqual(group.egress.map((r: TerraformJson) => [r.from_port, r.to_port, r.cidr_blocks, r.security_groups]), [[30000, 32767, null, ['${aws_eks_cluster.cluster.vpc_config[0].cluster_security_group_id}']]]);
  });

  it('protects an app\'s NLB by its own switch, so removing an app needs no change to the cluster\'s protection', () => {
    const stack = readStacks(synthToTemp(fleetOf([app(1, { loadBalancer: 'nlb' }), app(2, { loadBalancer: 'nlb', deletionProtection: false })])).files).get('cluster-eks')!;
    assert.equal(resource(stack, 'aws_lb', 'lb-app-1-load-balancer').enable_deletion_protection, true);
    assert.equal(resource(stack, 'aws_lb', 'lb-app-2-load-balancer').enable_deletion_protection, false);
    assert.equal(resource(stack, 'aws_eks_cluster', 'cluster').lifecycle.prevent_destroy, true);
  });

  it('refuses every combination that cannot work, all at once, naming each field', () => {
    const problems = problemsOf(fleetOf([
      app(1, { loadBalancer: 'nlb' }, { ingress: { host: 'app-1.example.com', path: '/api' } }),
      app(2, { loadBalancer: 'nlb', albGroup: 'apis' }),
      app(3, { loadBalancer: 'nlb', keepNlb: 'serving' }),
      app(4, { deletionProtection: false }),
      app(5, { albGroup: 'Not_A_Label' }),
      app(6, { keepNlb: 'later' as never }),
    ]));
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      'apps.app-1.ingress.path',
      'apps.app-2.loadBalancing.aws.albGroup',
      'apps.app-3.loadBalancing.aws.keepNlb',
      'apps.app-4.loadBalancing.aws.deletionProtection',
      'apps.app-5.loadBalancing.aws.albGroup',
      'apps.app-6.loadBalancing.aws.keepNlb',
    ]);
    assert.match(problems.find((p) => p.path === 'apps.app-1.ingress.path')!.message, /an NLB cannot route by path/);
  });
});

describe('the move from per-app NLBs to the shared ALB', () => {
  it('goes in three reviewable steps: the ALB beside the NLB, DNS to the ALB, the NLB removed; only the last destroys, and only the NLB', () => {
    const outdir = tempDir('cdk-fleet-move-');
    const step = (aws: AwsLoadBalancingProps) => synth(fleetOf([app(1, aws)]), { outdir }).changes;
    step({ loadBalancer: 'nlb' });

    const beside = step({ keepNlb: 'serving' });
    assert.deepEqual(beside.dangers, []);
    const cluster = beside.groups.find((g) => g.name === 'cluster-eks')!;
    assert.ok(cluster.objects.every((o) => o.change === 'added'), 'step 1 only adds');
    assert.ok(cluster.objects.some((o) => o.name === 'aws_lb.alb-default-load-balancer'));
    assert.equal(beside.groups.some((g) => g.name === 'global-dns-app-1'), false, 'DNS still answers with the NLB');

    const moved = step({ keepNlb: 'standby' });
    const lifted = moved.groups.find((g) => g.name === 'cluster-eks')!.objects;
    assert.deepEqual(lifted.map((o) => [o.change, o.name, o.fields.map((f) => f.path)]), [['changed', 'aws_lb.lb-app-1-load-balancer', ['enable_deletion_protection']]]);
    const records = moved.groups.find((g) => g.name === 'global-dns-app-1')!.objects;
    assert.ok(records.some((o) => o.change === 'changed' && o.name === 'aws_route53_record.latency-app-1-eu-west-1'));
    // The NLB's health check goes once the record no longer uses it: the ALB's has an id of its own.
    assert.ok(records.some((o) => o.change === 'added' && o.name === 'aws_route53_health_check.alb-health-app-1-eks'));

    const removed = step({});
    const gone = removed.groups.find((g) => g.name === 'cluster-eks')!.objects.filter((o) => !o.name.startsWith('output.'));
    assert.ok(gone.every((o) => o.change === 'removed' && /^aws_\w+\.(lb-app-1-|load-balancers-)/.test(o.name)), gone.map((o) => o.name).join(', '));
    assert.equal(removed.groups.some((g) => g.name === 'global-dns-app-1'), false);
  });
});

describe('terraform validate of the AWS load balancing options', () => {
  it('passes for a cluster with two ALB groups, a kept NLB, a per-app NLB and no WAF', { skip: terraformSkip() }, async () => {
    const fleet = fleetOf([app(1), app(2, { albGroup: 'apis', keepNlb: 'serving' }), app(3, { loadBalancer: 'nlb', deletionProtection: false })], [EKS], { ...FLEET, aws: { waf: false, accessLogsBucketPrefix: 'lb-logs' } });
    const stacks = new Map([...readStacks(synthToTemp(fleet).files)].filter(([, json]) => usesOnlyAws(json)));
    for (const [stack, diagnostics] of await validateStacks(stacks)) {
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`), [], stack);
    }
  });
});
