import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Fleet, type AppProps, type ClusterProps } from '../lib';
import { applySteps } from '../lib/terraform/apply-order';
import { seedFleet } from './support/fleets';
import { synthToTemp, tempDir } from './support/synth';
import { terraformSkip, usesOnlyAws } from './support/terraform';
import { applyOffline, awsSchemas, destroyed, plan, prepare, stateFromPlan, summary } from './support/terraform-plan';
import { readStacks, type TerraformJson } from './support/terraform-graph';

/** The seed fleet with its EKS zones declared: the zone lookup is the one data source that needs AWS. */
function seedWithZones(...extra: ClusterProps[]): Fleet {
  return seedWithApps([], ...extra);
}

/** {@link seedWithZones}, with more apps. */
function seedWithApps(apps: readonly AppProps[], ...extra: ClusterProps[]): Fleet {
  const seed = seedFleet();
  const fleet = new Fleet(seed.props);
  for (const c of [...seed.clusters.map((x) => x.props), ...extra]) {
    fleet.addCluster(c.cloud === 'aws' && !c.zones ? { ...c, zones: ['a', 'b', 'c'].map((z) => `${c.region}${z}`) } : c);
  }
  for (const a of [...seed.apps.map((x) => x.props), ...apps]) fleet.addApp(a);
  return fleet;
}

/** Stacks in apply order, each with the stacks it reads. */
function inApplyOrder(files: Map<string, string>): { name: string; json: TerraformJson }[][] {
  const manifest = JSON.parse(files.get('terraform/manifest.json')!);
  const stacks = readStacks(files);
  const ordered = Object.values<any>(manifest.stacks).map((s) => ({ name: s.name, description: '', dependencies: s.dependencies }));
  return applySteps(ordered).map((step) => step.map((s) => ({ name: s.name, json: stacks.get(s.name)! })));
}

/**
 * Plans every AWS stack of `files` in `root`, step by step, against the state in its folder. Then `settle` brings
 * the state to what applying the stack would leave (`applyOffline`), the baseline the next plans compare against;
 * `outputs` only writes the planned state, so the stacks of later steps can read the stack's outputs.
 * Stacks without an offline provider (GCP) get a state of their outputs.
 */
async function planFleet(root: string, files: Map<string, string>, state: 'settle' | 'outputs'): Promise<Map<string, TerraformJson>> {
  const plans = new Map<string, TerraformJson>();
  for (const step of inApplyOrder(files)) {
    await Promise.all(step.map(async ({ name, json }) => {
      const dir = path.join(root, name);
      if (!usesOnlyAws(json)) {
        fs.mkdirSync(dir, { recursive: true });
        const outputs = Object.fromEntries(Object.keys(json.output ?? {}).map((o) => [o, { value: o === 'ip_address' ? '203.0.113.10' : `placeholder-${o}`, type: 'string' }]));
        fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'gcp', outputs, resources: [] }));
        return;
      }
      await prepare(dir, json);
      const planned = await plan(dir);
      plans.set(name, planned);
      if (state === 'settle') await applyOffline(dir);
      else fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(stateFromPlan(planned, await awsSchemas(dir))));
    }));
  }
  return plans;
}

describe('terraform plan -refresh=false, offline, against the applied fleet', () => {
  it('destroys nothing in any AWS stack when an EKS cluster is added, and leaves unchanged stacks alone', { skip: terraformSkip() }, async () => {
    const root = tempDir('cdk-fleet-plan-');
    const before = synthToTemp(seedWithZones()).files;
    await planFleet(root, before, 'settle');
    const after = synthToTemp(seedWithZones({ name: 'ap-southeast-2', cloud: 'aws', region: 'ap-southeast-2' })).files;
    const plans = await planFleet(root, after, 'outputs');

    assert.ok(plans.size >= 6, [...plans.keys()].join(', '));
    for (const [stack, planned] of plans) assert.deepEqual(destroyed(planned), [], stack);
    // The existing clusters' stacks and the zone did not change: their plans change nothing.
    for (const stack of ['dns-zone', 'cluster-eu-west-1', 'cluster-us-west-2']) {
      assert.deepEqual(summary(plans.get(stack)!), { create: 0, update: 0, delete: 0, 'no-op': summary(plans.get(stack)!)['no-op'] }, stack);
    }
    // The new cluster is created; the certificates and records of its region are added.
    assert.ok(summary(plans.get('cluster-ap-southeast-2')!).create > 40);
    assert.equal(summary(plans.get('aws-certificates')!).create, 2);
    assert.ok(summary(plans.get('global-dns-get-region')!).create >= 2);
  });

  it('creates only the new app\'s rule, target group, certificate, security rules, alarm and records when an app joins the shared ALBs, destroying and replacing nothing', { skip: terraformSkip() }, async () => {
    const root = tempDir('cdk-fleet-plan-');
    const before = synthToTemp(seedWithZones()).files;
    await planFleet(root, before, 'settle');
    const web: AppProps = { name: 'web', image: 'registry.example.com/web:1.0.0', containerPort: 8080, nodePort: 30041, ingress: { host: 'web.example.com' } };
    const plans = await planFleet(root, synthToTemp(seedWithApps([web])).files, 'outputs');

    for (const [stack, planned] of plans) assert.deepEqual(destroyed(planned), [], stack);
    for (const cluster of ['cluster-eu-west-1', 'cluster-us-west-2']) {
      const changes = (plans.get(cluster)!.resource_changes as TerraformJson[]).filter((c) => !c.change.actions.includes('no-op'));
      assert.deepEqual(changes.map((c) => `${c.change.actions.join('+')} ${c.address}`).sort(), [
        'create aws_autoscaling_attachment.host-web-targets',
        'create aws_cloudwatch_metric_alarm.host-web-health-alarm',
        'create aws_lb_listener_certificate.host-web-certificate',
        'create aws_lb_listener_rule.host-web-rule',
        'create aws_lb_target_group.host-web-target-group',
        'create aws_vpc_security_group_egress_rule.host-web-to-nodes',
        'create aws_vpc_security_group_ingress_rule.host-web-from-alb',
      ], cluster);
    }
    assert.deepEqual(summary(plans.get('global-dns-get-region')!), { create: 0, update: 0, delete: 0, 'no-op': summary(plans.get('global-dns-get-region')!)['no-op'] });
    assert.ok(summary(plans.get('global-dns-web')!).create >= 4);
  });
});
