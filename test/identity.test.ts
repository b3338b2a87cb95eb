import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ControlPlaneAccess, DnsZone, Fleet, OutputDisagreementError, synth, type AppProps } from '../lib';
import { problemsOf } from './support/fleets';
import { validateManifest } from './support/kubernetes-schema';
import { clusterManifests, find, synthToTemp, tempDir } from './support/synth';
import { usesOnlyAws, validateStacks } from './support/terraform';
import { danglingReferences, readStacks, resource, unknownToProvider } from './support/terraform-graph';

const BUCKET = 'arn:aws:s3:::orders-archive/*';
const ORDERS: AppProps = {
  name: 'orders',
  namespace: 'shop',
  image: 'example/orders:1.0.0',
  containerPort: 8080,
  nodePort: 30080,
  ingress: { host: 'orders.example.com' },
  identity: {
    gcp: { projectRoles: ['roles/pubsub.subscriber', 'roles/storage.objectViewer'] },
    aws: { policyStatements: [{ actions: ['s3:GetObject', 's3:PutObject'], resources: [BUCKET] }], managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'] },
  },
};
const PLAIN: AppProps = { name: 'plain', image: 'example/plain:1.0.0', containerPort: 8080 };

function fleetOf(...apps: AppProps[]): Fleet {
  const fleet = new Fleet({ name: 'shop', gcp: { project: 'shop-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  fleet.addCluster({ name: 'gke-us', cloud: 'gcp', region: 'us-central1' });
  fleet.addCluster({ name: 'eks-eu', cloud: 'aws', region: 'eu-west-1' });
  for (const app of apps) fleet.addApp(app);
  return fleet;
}

describe('cloud identity per app', () => {
  it('gives every app its own ServiceAccount, without an API token, which its pods run as', async () => {
    const { files } = synthToTemp(fleetOf(ORDERS, PLAIN));
    for (const cluster of ['gke-us', 'eks-eu']) {
      for (const [app, namespace] of [['orders', 'shop'], ['plain', 'plain']]) {
        const manifests = clusterManifests(files, cluster);
        const account = find(manifests, 'ServiceAccount', app);
        const deployment = find(manifests, 'Deployment', app);
        assert.equal(account.metadata.namespace, namespace);
        assert.equal(account.automountServiceAccountToken, false);
        assert.equal(deployment.spec.template.spec.serviceAccountName, app);
        assert.equal(deployment.spec.template.spec.automountServiceAccountToken, false);
        assert.deepEqual(await validateManifest(account), []);
      }
    }
    assert.equal(find(clusterManifests(files, 'gke-us'), 'ServiceAccount', 'plain').metadata.annotations, undefined);
  });

  it('on GKE: a Google service account per app and cluster with the app\'s roles, usable by its ServiceAccount only (Workload Identity)', () => {
    const { files } = synthToTemp(fleetOf(ORDERS));
    const account = find(clusterManifests(files, 'gke-us'), 'ServiceAccount', 'orders');
    assert.deepEqual(account.metadata.annotations, { 'iam.gke.io/gcp-service-account': 'orders-gke-us-wi@shop-project.iam.gserviceaccount.com' });
    const stacks = readStacks(files);
    const stack = stacks.get('cluster-gke-us')!;
    assert.equal(resource(stack, 'google_service_account', 'app-orders-service-account').account_id, 'orders-gke-us-wi');
    const roles = Object.values<Record<string, string>>(stack.resource.google_project_iam_member).filter((m) => m.member === '${google_service_account.app-orders-service-account.member}');
    assert.deepEqual(roles.map((r) => r.role).sort(), ['roles/pubsub.subscriber', 'roles/storage.objectViewer']);
    assert.ok(roles.every((r) => r.project === 'shop-project'));
    assert.deepEqual(resource(stack, 'google_service_account_iam_member', 'app-orders-workload-identity'), {
      ...stack.resource.google_service_account_iam_member['app-orders-workload-identity'],
      service_account_id: '${google_service_account.app-orders-service-account.name}',
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:shop-project.svc.id.goog[shop/orders]',
    });
    assert.deepEqual(danglingReferences(stacks), []);
    assert.deepEqual(unknownToProvider(stacks, '@cdktf/provider-google', 'google_'), []);
  });

  it('on EKS: an IAM role per app and cluster trusted by EKS Pod Identity, with the app\'s policies, associated with its ServiceAccount', () => {
    const { files } = synthToTemp(fleetOf(ORDERS));
    const stack = readStacks(files).get('cluster-eks-eu')!;
    const role = resource(stack, 'aws_iam_role', 'app-orders-role');
    assert.equal(role.name, 'shop-eks-eu-app-orders');
    assert.deepEqual(JSON.parse(role.assume_role_policy).Statement, [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }]);
    assert.deepEqual(JSON.parse(resource(stack, 'aws_iam_role_policy', 'app-orders-policy').policy).Statement, [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [BUCKET] }]);
    assert.equal(resource(stack, 'aws_iam_role_policy_attachment', 'app-orders-managed-AmazonSQSReadOnlyAccess').policy_arn, 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess');
    const association = resource(stack, 'aws_eks_pod_identity_association', 'app-orders-pod-identity');
    assert.equal(association.namespace, 'shop');
    assert.equal(association.service_account, 'orders');
    assert.equal(association.role_arn, '${aws_iam_role.app-orders-role.arn}');
    assert.equal(resource(stack, 'aws_eks_addon', 'pod-identity-agent').addon_name, 'eks-pod-identity-agent');
    assert.equal(find(clusterManifests(files, 'eks-eu'), 'ServiceAccount', 'orders').metadata.annotations, undefined);
  });

  it('takes a cluster\'s own permissions from its override, checked like the app\'s', () => {
    const regional = 'arn:aws:s3:::orders-eu/*';
    const { files } = synthToTemp(fleetOf({ ...ORDERS, overrides: { 'eks-eu': { identity: { aws: { policyStatements: [{ actions: ['s3:GetObject'], resources: [regional] }] } } } } }));
    const stack = readStacks(files).get('cluster-eks-eu')!;
    assert.deepEqual(JSON.parse(resource(stack, 'aws_iam_role_policy', 'app-orders-policy').policy).Statement[0].Resource, [regional]);
    assert.equal(stack.resource.aws_iam_role_policy_attachment?.['app-orders-managed-AmazonSQSReadOnlyAccess'], undefined);
    const problems = problemsOf(fleetOf({ ...ORDERS, overrides: { 'eks-eu': { identity: { aws: { policyStatements: [{ actions: ['s3:*'], resources: [regional] }] } } } } }));
    assert.deepEqual(problems.map((p) => p.path), ['apps.orders.overrides.eks-eu.identity.aws.policyStatements[0].actions[0]']);
  });

  it('adds nothing to a cluster stack for apps without an identity', () => {
    const { identity: _identity, ...web } = ORDERS;
    const stack = readStacks(synthToTemp(fleetOf(web, PLAIN)).files).get('cluster-eks-eu')!;
    // The node autoscaler's association is the cluster's own; no app has one.
    assert.deepEqual(Object.keys(stack.resource.aws_eks_pod_identity_association ?? {}).filter((id) => id.startsWith('app-')), []);
    assert.deepEqual(Object.keys(stack.resource.aws_iam_role ?? {}).filter((id) => id.startsWith('app-')), []);
  });

  it('passes terraform validate, offline, with the real AWS provider', async () => {
    const stacks = new Map([...readStacks(synthToTemp(fleetOf(ORDERS, PLAIN)).files)].filter(([name, json]) => name === 'cluster-eks-eu' && usesOnlyAws(json)));
    assert.equal(stacks.size, 1);
    for (const [stack, diagnostics] of await validateStacks(stacks)) {
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`), [], stack);
    }
  });

  it('refuses wildcards and basic roles unless allowed, and malformed roles and ARNs, all at once', () => {
    const problems = problemsOf(fleetOf({
      ...ORDERS,
      identity: {
        gcp: { projectRoles: ['roles/editor', 'pubsub.subscriber'] },
        aws: { policyStatements: [{ actions: ['s3:*', 'GetObject'], resources: ['*', 'bucket'] }], managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess', 'AmazonS3ReadOnlyAccess'] },
      },
    }));
    const at = 'apps.orders.identity';
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      `${at}.aws.managedPolicyArns[0]`, `${at}.aws.managedPolicyArns[1]`,
      `${at}.aws.policyStatements[0].actions[0]`, `${at}.aws.policyStatements[0].actions[1]`,
      `${at}.aws.policyStatements[0].resources[0]`, `${at}.aws.policyStatements[0].resources[1]`,
      `${at}.gcp.projectRoles[0]`, `${at}.gcp.projectRoles[1]`,
    ].sort());
    assert.match(problems.find((p) => p.path === `${at}.aws.policyStatements[0].actions[0]`)!.message, /is a wildcard; name what the app needs, or set identity.allowWildcards/);
    const allowed = problemsOf(fleetOf({ ...ORDERS, identity: { allowWildcards: true, gcp: { projectRoles: ['roles/editor'] }, aws: { policyStatements: [{ actions: ['s3:*'], resources: ['*'] }] } } }));
    assert.deepEqual(allowed, []);
  });

  it('refuses output where an escape hatch made the ServiceAccount and the cloud identity disagree, before writing', () => {
    const outdir = tempDir();
    assert.throws(() => synth(fleetOf(ORDERS), {
      outdir,
      kubernetes: { extend: (chart) => chart.workloads.get('orders')!.serviceAccount.metadata.addAnnotation('iam.gke.io/gcp-service-account', 'other@shop-project.iam.gserviceaccount.com') },
    }), (e: unknown) => {
      assert.ok(e instanceof OutputDisagreementError, String(e));
      assert.match(e.message, /app "orders" in cluster "gke-us": the ServiceAccount is annotated with the Google service account other@shop-project/);
      return true;
    });
  });
});
