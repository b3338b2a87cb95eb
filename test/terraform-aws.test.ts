import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Fleet, latencyRegions, appEndpoints, type FleetProps } from '../lib/internal';
import { richFleet, seedFleet } from './support/fleets';
import { clusterManifests, find, synthToTemp } from './support/synth';
import { terraformSkip, usesOnlyAws, validateStacks } from './support/terraform';
import { danglingReferences, hashedLogicalIds, identities, readStacks, renamed, resource, type TerraformJson } from './support/terraform-graph';

const EKS_CLUSTERS = ['eu-west-1', 'us-west-2'];

function resources(stack: TerraformJson, type: string): TerraformJson[] {
  return Object.values(stack.resource?.[type] ?? {});
}

describe('terraform validate, offline, with the real AWS provider', () => {
  for (const [name, fleet] of [['seed', seedFleet], ['rich', richFleet]] as const) {
    it(`passes for every AWS stack of the ${name} fleet`, { skip: terraformSkip() }, async () => {
      const stacks = new Map([...readStacks(synthToTemp(fleet()).files)].filter(([, json]) => usesOnlyAws(json)));
      assert.ok(stacks.size >= 4, `only ${[...stacks.keys()].join(', ')}`);
      for (const [stack, diagnostics] of await validateStacks(stacks)) {
        assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`), [], stack);
      }
    });
  }
});

describe('AWS stacks of the seed fleet', () => {
  let files: Map<string, string>;
  let stacks: Map<string, TerraformJson>;
  before(() => {
    files = synthToTemp(seedFleet()).files;
    stacks = readStacks(files);
  });

  it('writes the zone, the certificates, a stack per EKS cluster and the records, in apply order', () => {
    for (const stack of ['dns-zone', 'aws-certificates', 'cluster-eu-west-1', 'cluster-us-west-2', 'global-dns-get-region']) assert.ok(stacks.has(stack), stack);
    const manifest = JSON.parse(files.get('terraform/manifest.json')!);
    assert.deepEqual(manifest.stacks['aws-certificates'].dependencies, ['dns-zone']);
    assert.deepEqual(manifest.stacks['cluster-eu-west-1'].dependencies, ['aws-certificates']);
    assert.deepEqual(manifest.stacks['global-dns-get-region'].dependencies, ['cluster-eu-west-1', 'cluster-us-west-2', 'dns-zone', 'gcp-global-lb']);
  });

  it('gives every reference a target, and every resource a readable logical id', () => {
    assert.deepEqual(danglingReferences(stacks), []);
    assert.deepEqual(hashedLogicalIds(stacks), []);
  });

  it('runs every EKS cluster with all control-plane logs, encrypted secrets, a private endpoint, a public one for the declared networks only, and deletion protection (CHECKLIST: EKS)', () => {
    for (const name of EKS_CLUSTERS) {
      const stack = stacks.get(`cluster-${name}`)!;
      const cluster = resource(stack, 'aws_eks_cluster', 'cluster');
      assert.equal(cluster.name, name);
      assert.equal(cluster.version, '1.33');
      assert.deepEqual(cluster.enabled_cluster_log_types, ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
      // The default fleet's controlPlaneAccess (main.ts): kubectl runs from 203.0.113.0/24.
      assert.deepEqual([cluster.vpc_config.endpoint_public_access, cluster.vpc_config.public_access_cidrs], [true, ['203.0.113.0/24']]);
      assert.equal(cluster.vpc_config.endpoint_private_access, true);
      assert.deepEqual(cluster.encryption_config.resources, ['secrets']);
      assert.equal(cluster.encryption_config.provider.key_arn, '${aws_kms_key.secrets-key.arn}');
      assert.equal(resource(stack, 'aws_kms_key', 'secrets-key').enable_key_rotation, true);
      assert.equal(cluster.lifecycle.prevent_destroy, true);
      assert.equal(cluster.access_config.authentication_mode, 'API');
      assert.equal(resource(stack, 'aws_cloudwatch_log_group', 'control-plane-logs').name, `/aws/eks/${name}/cluster`);
    }
  });

  it('gives the roles only the managed policies EKS needs', () => {
    const stack = stacks.get('cluster-us-west-2')!;
    const policies = resources(stack, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn.replace('arn:aws:iam::aws:policy/', '')).sort();
    assert.deepEqual(policies, ['AmazonEC2ContainerRegistryReadOnly', 'AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy']);
    const inline = JSON.parse(resource(stack, 'aws_iam_role_policy', 'cluster-role-secrets-key').policy);
    assert.deepEqual(inline.Statement[0].Action, ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey']);
    assert.equal(inline.Statement[0].Resource, '${aws_kms_key.secrets-key.arn}');
  });

  it('spreads the VPC over the first three zones of the account, with tagged subnets and a NAT gateway per zone', () => {
    const stack = stacks.get('cluster-eu-west-1')!;
    assert.equal(stack.data.aws_availability_zones.zones.state, 'available');
    const subnets = stack.resource.aws_subnet;
    assert.deepEqual(Object.keys(subnets).sort(), ['private-subnet-0', 'private-subnet-1', 'private-subnet-2', 'public-subnet-0', 'public-subnet-1', 'public-subnet-2']);
    assert.equal(subnets['private-subnet-1'].cidr_block, '10.0.32.0/19');
    assert.equal(subnets['private-subnet-1'].availability_zone, '${element(data.aws_availability_zones.zones.names, 1)}');
    assert.equal(subnets['public-subnet-0'].tags['kubernetes.io/role/elb'], '1');
    assert.equal(subnets['private-subnet-0'].tags['kubernetes.io/role/internal-elb'], '1');
    assert.equal(subnets['private-subnet-0'].tags['kubernetes.io/cluster/eu-west-1'], 'shared');
    assert.equal(resources(stack, 'aws_nat_gateway').length, 3);
  });

  it('scales a managed node group between the plan totals, leaving the desired size to the autoscaler', () => {
    const group = resource(stacks.get('cluster-eu-west-1')!, 'aws_eks_node_group', 'nodes');
    assert.deepEqual(group.scaling_config, { desired_size: 3, max_size: 6, min_size: 3 });
    assert.deepEqual(group.instance_types, ['m6i.large']);
    assert.deepEqual(group.lifecycle.ignore_changes, ['scaling_config[0].desired_size']);
  });

  it('serves get-region on each cluster\'s shared ALB: HTTPS with TLS 1.2+, HTTP redirected, a WAF, to NodePort 30040 on the node group, health-checked on /health (CHECKLIST: LB)', () => {
    for (const name of EKS_CLUSTERS) {
      const stack = stacks.get(`cluster-${name}`)!;
      const lb = resource(stack, 'aws_lb', 'alb-default-load-balancer');
      assert.deepEqual([lb.load_balancer_type, lb.internal, lb.enable_deletion_protection, lb.drop_invalid_header_fields], ['application', false, true, true]);
      assert.deepEqual(lb.security_groups, ['${aws_security_group.alb-default-security-group.id}']);
      const https = resource(stack, 'aws_lb_listener', 'alb-default-https');
      assert.deepEqual([https.protocol, https.port, https.ssl_policy], ['HTTPS', 443, 'ELBSecurityPolicy-TLS13-1-2-2021-06']);
      const certificate = `\${data.terraform_remote_state.stack-aws-certificates.outputs.certificate_arn_${name}_get-region}`;
      assert.equal(https.certificate_arn, certificate);
      assert.equal(https.default_action[0].fixed_response.status_code, '404');
      const http = resource(stack, 'aws_lb_listener', 'alb-default-http');
      assert.deepEqual([http.protocol, http.port, http.default_action[0].type, http.default_action[0].redirect], ['HTTP', 80, 'redirect', { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' }]);
      assert.equal(resource(stack, 'aws_lb_listener_certificate', 'host-get-region-certificate').certificate_arn, certificate);

      const target = resource(stack, 'aws_lb_target_group', 'host-get-region-target-group');
      const nodePort = find(clusterManifests(files, name), 'Service', 'get-region').spec.ports[0].nodePort;
      assert.deepEqual([target.port, target.protocol, target.target_type], [nodePort, 'HTTP', 'instance']);
      assert.deepEqual({ protocol: target.health_check.protocol, path: target.health_check.path }, { protocol: 'HTTP', path: '/health' });
      assert.equal(resource(stack, 'aws_autoscaling_attachment', 'host-get-region-targets').autoscaling_group_name, '${aws_eks_node_group.nodes.resources[0].autoscaling_groups[0].name}');
      const rule = resource(stack, 'aws_lb_listener_rule', 'host-get-region-rule');
      assert.deepEqual(rule.condition, [{ host_header: { values: ['get-region.example.com'] } }]);
      assert.deepEqual(rule.action, [{ type: 'forward', target_group_arn: '${aws_lb_target_group.host-get-region-target-group.arn}' }]);
      assert.equal(rule.priority, undefined, 'the provider gives the next free priority: no rule moves when apps are added');

      // The chain from the ALB to the nodes, on the app's NodePort only.
      const egress = resource(stack, 'aws_vpc_security_group_egress_rule', 'host-get-region-to-nodes');
      const ingress = resource(stack, 'aws_vpc_security_group_ingress_rule', 'host-get-region-from-alb');
      assert.deepEqual([egress.from_port, egress.to_port, egress.referenced_security_group_id], [nodePort, nodePort, '${aws_eks_cluster.cluster.vpc_config[0].cluster_security_group_id}']);
      assert.deepEqual([ingress.from_port, ingress.to_port, ingress.referenced_security_group_id], [nodePort, nodePort, '${aws_security_group.alb-default-security-group.id}']);
      const group = resource(stack, 'aws_security_group', 'alb-default-security-group');
      assert.deepEqual(group.ingress.map((r: Record<string, unknown>) => [r.from_port, r.cidr_blocks]), [[443, ['0.0.0.0/0']], [80, ['0.0.0.0/0']]]);
      assert.equal(group.egress, undefined, 'no inline egress: the per-app rules are the only way out');

      const acl = resource(stack, 'aws_wafv2_web_acl', 'alb-default-web-acl');
      assert.deepEqual(acl.rule.map((r: TerraformJson) => r.statement.managed_rule_group_statement), [{ name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' }, { name: 'AWSManagedRulesKnownBadInputsRuleSet', vendor_name: 'AWS' }]);
      assert.equal(resource(stack, 'aws_wafv2_web_acl_association', 'alb-default-web-acl-association').resource_arn, '${aws_lb.alb-default-load-balancer.arn}');
      assert.ok(stack.output.alb_dns_name_default && stack.output.alb_zone_id_default && stack.output['health_alarm_get-region']);
      assert.deepEqual(Object.keys(stack.resource.aws_lb), ['alb-default-load-balancer'], 'no NLB beside the ALB');
    }
  });

  it('issues a DNS-validated certificate for the host in each EKS region, with one validation record read from us-east-1', () => {
    const stack = stacks.get('aws-certificates')!;
    assert.deepEqual(Object.keys(stack.resource.aws_acm_certificate).sort(), ['certificate-eu-west-1-get-region', 'certificate-us-east-1-get-region', 'certificate-us-west-2-get-region']);
    assert.ok(resources(stack, 'aws_acm_certificate').every((c) => c.domain_name === 'get-region.example.com' && c.validation_method === 'DNS'));
    const record = resource(stack, 'aws_route53_record', 'validation-get-region');
    assert.equal(record.name, '${tolist(aws_acm_certificate.certificate-us-east-1-get-region.domain_validation_options).0.resource_record_name}');
    assert.equal(resources(stack, 'aws_acm_certificate_validation').length, 2);
    assert.ok(stack.output['certificate_arn_us-west-2_get-region']);
  });

  it('sends each visitor to the nearest healthy endpoint on either cloud, with latency records and health checks', () => {
    const dns = stacks.get('global-dns-get-region')!;
    const latency = resources(dns, 'aws_route53_record').filter((r) => r.latency_routing_policy);
    // EKS regions, and for the GCP load balancer the AWS region nearest each GKE region.
    assert.deepEqual(latency.map((r) => r.latency_routing_policy.region).sort(), ['ap-east-1', 'eu-west-1', 'eu-west-3', 'us-east-1', 'us-east-2', 'us-west-2']);
    assert.equal(new Set(latency.map((r) => r.set_identifier)).size, latency.length, 'set identifiers are unique');
    assert.ok(latency.every((r) => r.name === 'get-region.example.com' && r.health_check_id));
    const eks = latency.find((r) => r.set_identifier === 'us-west-2')!;
    assert.deepEqual(eks.alias, { evaluate_target_health: true, name: '${data.terraform_remote_state.stack-cluster-us-west-2.outputs.alb_dns_name_default}', zone_id: '${data.terraform_remote_state.stack-cluster-us-west-2.outputs.alb_zone_id_default}' });
    const gcp = latency.find((r) => r.set_identifier === 'us-east-2')!;
    assert.deepEqual(gcp.records, ['${data.terraform_remote_state.stack-gcp-global-lb.outputs.ip_address}']);
    assert.equal(gcp.ttl, 60);
    const gcpCheck = resource(dns, 'aws_route53_health_check', 'health-get-region-gcp');
    assert.deepEqual([gcpCheck.type, gcpCheck.port, gcpCheck.resource_path, gcpCheck.request_interval, gcpCheck.failure_threshold], ['HTTPS', 443, '/health', 30, 3]);
    // On a shared ALB, the app's own health: the alarm on its healthy targets, in the cluster's region.
    for (const name of EKS_CLUSTERS) {
      const check = resource(dns, 'aws_route53_health_check', `alb-health-get-region-${name}`);
      assert.deepEqual([check.type, check.cloudwatch_alarm_name, check.cloudwatch_alarm_region, check.insufficient_data_health_status], ['CLOUDWATCH_METRIC', `\${data.terraform_remote_state.stack-cluster-${name}.outputs.health_alarm_get-region}`, name, 'LastKnownStatus']);
      const alarm = resource(stacks.get(`cluster-${name}`)!, 'aws_cloudwatch_metric_alarm', 'host-get-region-health-alarm');
      assert.deepEqual([alarm.namespace, alarm.metric_name, alarm.dimensions.TargetGroup, alarm.comparison_operator, alarm.threshold], ['AWS/ApplicationELB', 'HealthyHostCount', '${aws_lb_target_group.host-get-region-target-group.arn_suffix}', 'LessThanThreshold', 1]);
    }
    assert.equal(gcpCheck.fqdn, 'get-region.example.com');
    assert.equal(gcpCheck.ip_address, '${data.terraform_remote_state.stack-gcp-global-lb.outputs.ip_address}');
  });
});

describe('AWS and DNS options', () => {
  it('puts several endpoints of one region behind a weighted set under <region>.<host>', () => {
    const fleet = seedFleet();
    fleet.addCluster({ name: 'us-east-1', cloud: 'aws', region: 'us-east-1', weight: 2 });
    const plan = fleet.plan();
    assert.deepEqual(latencyRegions(appEndpoints(plan, plan.app('get-region'))).get('us-east-1')!.map((e) => e.id), ['gcp', 'us-east-1']);
    const dns = readStacks(synthToTemp(fleet).files).get('global-dns-get-region')!;
    const latency = resource(dns, 'aws_route53_record', 'latency-get-region-us-east-1');
    assert.deepEqual(latency.alias, { evaluate_target_health: true, name: 'us-east-1.get-region.example.com', zone_id: '${data.terraform_remote_state.stack-dns-zone.outputs.zone_id}' });
    const weighted = resources(dns, 'aws_route53_record').filter((r) => r.name === 'us-east-1.get-region.example.com');
    assert.deepEqual(weighted.map((r) => [r.set_identifier, r.weighted_routing_policy.weight]).sort(), [['gcp', 1], ['us-east-1', 2]]);
    assert.ok(weighted.every((r) => r.health_check_id));
  });

  it('finds service-owned load balancers by the controller tags, in their region', () => {
    const dns = readStacks(synthToTemp(richFleet()).files).get('global-dns-api')!;
    const lb = dns.data.aws_lb['lb-api-eks-us'];
    assert.deepEqual(lb.tags, { 'elbv2.k8s.aws/cluster': 'eks-us', 'service.k8s.aws/stack': 'shared/api' });
    assert.equal(lb.provider, 'aws.us-east-1');
    assert.equal(resource(dns, 'aws_route53_health_check', 'health-api-eks-us').type, 'HTTPS');
  });

  it('annotates service-owned load balancers with the region certificate and TLS 1.2+', () => {
    const { files } = synthToTemp(richFleet());
    const annotations = find(clusterManifests(files, 'eks-us'), 'Service', 'api').metadata.annotations;
    assert.equal(annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-cert'], 'arn:aws:acm:us-east-1:123456789012:certificate/0b6a5b1c-1234-4cde-8f00-123456789abc');
    assert.equal(annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-ports'], '443');
    assert.equal(annotations['service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy'], 'ELBSecurityPolicy-TLS13-1-2-2021-06');
  });

  it('writes into an existing hosted zone by id, without a zone stack', () => {
    const fleet = new Fleet({ ...seedFleet().props, dns: DnsZone.route53({ zoneId: 'Z0123456789ABCDEFGHIJ' }) });
    for (const c of seedFleet().clusters) fleet.addCluster(c.props);
    for (const a of seedFleet().apps) fleet.addApp(a.props);
    const stacks = readStacks(synthToTemp(fleet).files);
    assert.equal(stacks.has('dns-zone'), false);
    assert.ok(resources(stacks.get('global-dns-get-region')!, 'aws_route53_record').every((r) => r.zone_id === 'Z0123456789ABCDEFGHIJ'));
    assert.deepEqual(danglingReferences(stacks), []);
  });

  it('publishes in Cloud DNS with geo routing, GKE regions to the global load balancer and EKS to its own', () => {
    const props: FleetProps = { ...seedFleet().props, dns: DnsZone.cloudDns({ zoneName: 'example.com' }) };
    const fleet = new Fleet(props);
    for (const c of seedFleet().clusters) fleet.addCluster(c.props);
    for (const a of seedFleet().apps) fleet.addApp(a.props);
    const stacks = readStacks(synthToTemp(fleet).files);
    assert.equal(resource(stacks.get('dns-zone')!, 'google_dns_managed_zone', 'zone').dns_name, 'example.com.');
    const dns = stacks.get('global-dns-get-region')!;
    assert.deepEqual(resource(dns, 'google_dns_record_set', 'gcp-record-get-region').rrdatas, ['${data.terraform_remote_state.stack-gcp-global-lb.outputs.ip_address}']);
    const geo = resource(dns, 'google_dns_record_set', 'record-get-region');
    assert.equal(geo.type, 'CNAME');
    const items = Object.fromEntries(geo.routing_policy.geo.map((g: TerraformJson) => [g.location, g.rrdatas[0]]));
    assert.equal(items['us-central1'], 'gcp.get-region.example.com.');
    assert.equal(items['us-west1'], '${data.terraform_remote_state.stack-cluster-us-west-2.outputs.alb_dns_name_default}.');
    assert.equal(items['europe-west2'], '${data.terraform_remote_state.stack-cluster-eu-west-1.outputs.alb_dns_name_default}.');
    assert.equal(resources(stacks.get('aws-certificates')!, 'google_dns_record_set').length, 1);
    assert.deepEqual(danglingReferences(stacks), []);
  });

  it('writes a plain A record for a host served by the GCP load balancer alone', () => {
    const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    fleet.addCluster({ name: 'central', cloud: 'gcp', region: 'us-central1' });
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 80, nodePort: 30080, ingress: { host: 'web.example.com' } });
    const dns = readStacks(synthToTemp(fleet).files).get('global-dns-web')!;
    const record = resource(dns, 'aws_route53_record', 'record-web');
    assert.deepEqual([record.type, record.latency_routing_policy, record.records], ['A', undefined, ['${data.terraform_remote_state.stack-gcp-global-lb.outputs.ip_address}']]);
    assert.equal(dns.resource.aws_route53_health_check, undefined);
  });

  it('opens the control plane to the given CIDRs only, and grants admins through access entries', () => {
    const fleet = new Fleet({ dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
    fleet.addCluster({ name: 'ops', cloud: 'aws', region: 'us-east-2', zones: ['us-east-2a', 'us-east-2b'], eks: { publicAccessCidrs: ['203.0.113.0/24'], adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform'], deletionProtection: false } });
    fleet.addApp({ name: 'web', image: 'example/web:1.0.0', containerPort: 80, nodePort: 30080, ingress: { host: 'web.example.com' } });
    const stack = readStacks(synthToTemp(fleet).files).get('cluster-ops')!;
    const cluster = resource(stack, 'aws_eks_cluster', 'cluster');
    assert.deepEqual([cluster.vpc_config.endpoint_public_access, cluster.vpc_config.public_access_cidrs], [true, ['203.0.113.0/24']]);
    assert.equal(cluster.lifecycle.prevent_destroy, false);
    assert.equal(resource(stack, 'aws_lb', 'alb-default-load-balancer').enable_deletion_protection, false);
    assert.equal(resource(stack, 'aws_eks_access_entry', 'admin-0').principal_arn, 'arn:aws:iam::123456789012:role/platform');
    assert.equal(resource(stack, 'aws_eks_access_policy_association', 'admin-0-policy').policy_arn, 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
    assert.equal(stack.data?.aws_availability_zones, undefined, 'declared zones need no lookup');
    assert.equal(resource(stack, 'aws_subnet', 'private-subnet-1').availability_zone, 'us-east-2b');
  });
});

describe('stable identity of AWS and DNS resources', () => {
  it('keeps every resource address and name when a cluster is added, on either cloud', () => {
    const before = identities(readStacks(synthToTemp(seedFleet()).files));
    for (const added of [{ name: 'ap-southeast-2', cloud: 'aws' as const, region: 'ap-southeast-2' }, { name: 'australia-southeast1', cloud: 'gcp' as const, region: 'australia-southeast1' }]) {
      const fleet = seedFleet();
      fleet.addCluster(added);
      const after = identities(readStacks(synthToTemp(fleet).files));
      assert.deepEqual(renamed(before, after), [], added.name);
      assert.ok(after.size > before.size);
    }
  });
});
