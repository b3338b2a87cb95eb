import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Fleet, FleetValidationError, synth, type ControlPlanesOptions } from '../lib';
import { crdValidator } from './support/crd-schema';
import { undeclaredFields } from './support/declared-fields';
import { richFleet, seedFleet } from './support/fleets';
import { divideByStaticWeights, propagatedTo } from './support/karmada';
import { validateManifest } from './support/kubernetes-schema';
import { parseManifests, synthToTemp, tempDir, type Manifest } from './support/synth';
import { danglingReferences, readStacks, unknownToProvider } from './support/terraform-graph';

const ALL: ControlPlanesOptions = {
  karmada: true,
  gkeMultiCluster: { configCluster: 'us-central1' },
  argoCd: { repoUrl: 'https://github.com/example/fleet.git', waves: [['us-central1']] },
};
const RICH: ControlPlanesOptions = { karmada: true, gkeMultiCluster: { configCluster: 'gke-us' }, argoCd: { repoUrl: 'git@github.com:example/fleet.git' } };

function manifestsUnder(files: Map<string, string>, prefix: string): Manifest[] {
  return [...files].filter(([f]) => f.startsWith(prefix) && f.endsWith('.yaml')).flatMap(([, c]) => parseManifests(c));
}

const key = (o: Manifest) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;

describe('Karmada output', () => {
  for (const [name, fleet, options] of [['seed', seedFleet, ALL], ['rich', richFleet, RICH]] as const) {
    it(`propagates to every cluster of the ${name} fleet exactly that cluster's direct output`, () => {
      const { files } = synthToTemp(fleet(), { controlPlanes: options });
      const karmada = manifestsUnder(files, 'karmada/');
      for (const cluster of fleet().plan().clusters) {
        const direct = manifestsUnder(files, `kubernetes/${cluster.name}/`).filter((o) => o.kind !== 'Namespace');
        const propagated = propagatedTo(karmada, cluster.name);
        assert.deepEqual(new Map(propagated.map((o) => [key(o), o])), new Map(direct.map((o) => [key(o), o])), cluster.name);
      }
      // Karmada propagates namespaces to every member by itself: the templates hold each cluster's namespaces.
      const namespaces = karmada.filter((o) => o.kind === 'Namespace').map((o) => JSON.stringify(o));
      for (const ns of manifestsUnder(files, 'kubernetes/').filter((o) => o.kind === 'Namespace')) assert.ok(namespaces.includes(JSON.stringify(ns)));
    });
  }

  it('divides a total with static weights equal to the planned replicas, which Karmada reproduces', () => {
    const { files } = synthToTemp(richFleet(), { controlPlanes: RICH });
    const policy = manifestsUnder(files, 'karmada/').find((o) => o.kind === 'PropagationPolicy' && o.metadata.name === 'web')!;
    assert.equal(policy.spec.placement.replicaScheduling.replicaSchedulingType, 'Divided');
    const weights = policy.spec.placement.replicaScheduling.weightPreference.staticWeightList.map((w: Manifest) => ({ cluster: w.targetCluster.clusterNames[0], weight: w.weight }));
    assert.deepEqual(weights, [{ cluster: 'eks-us', weight: 3 }, { cluster: 'gke-eu', weight: 2 }, { cluster: 'gke-us', weight: 5 }]);
    assert.deepEqual(Object.fromEntries(divideByStaticWeights(10, weights)), { 'gke-us': 5, 'eks-us': 3, 'gke-eu': 2 });
    const api = manifestsUnder(files, 'karmada/').find((o) => o.kind === 'PropagationPolicy' && o.metadata.name === 'api')!;
    assert.deepEqual(api.spec.placement.replicaScheduling, { replicaSchedulingType: 'Duplicated' });
  });

  it('divides by static weights as Karmada does: floor shares, the remainder to the heaviest', () => {
    assert.deepEqual(Object.fromEntries(divideByStaticWeights(10, [{ cluster: 'a', weight: 1 }, { cluster: 'b', weight: 2 }])), { b: 7, a: 3 });
    assert.deepEqual(Object.fromEntries(divideByStaticWeights(5, [{ cluster: 'x', weight: 1 }, { cluster: 'y', weight: 1 }])), { x: 3, y: 2 });
  });

  it('places a disruption budget only where a cluster runs more than one replica', () => {
    const fleet = richFleet();
    const { files } = synthToTemp(fleet, { controlPlanes: RICH });
    const budgets = manifestsUnder(files, 'karmada/').filter((o) => o.kind === 'PropagationPolicy' && o.spec.resourceSelectors.some((s: Manifest) => s.kind === 'PodDisruptionBudget'));
    const web = budgets.find((o) => o.metadata.namespace === 'web')!;
    assert.deepEqual(web.spec.placement.clusterAffinity.clusterNames, ['eks-us', 'gke-eu', 'gke-us'], 'every web cluster runs 2 or more');
    assert.equal(budgets.some((o) => o.metadata.name.startsWith('worker')), false, 'worker runs 1 replica everywhere');
  });

  it('names member clusters as Karmada knows them', () => {
    const { files } = synthToTemp(seedFleet(), { controlPlanes: { karmada: { clusterNames: { 'us-east1': 'member-east' } } } });
    const policy = manifestsUnder(files, 'karmada/').find((o) => o.kind === 'PropagationPolicy')!;
    assert.ok(policy.spec.placement.clusterAffinity.clusterNames.includes('member-east'));
    assert.ok(!policy.spec.placement.clusterAffinity.clusterNames.includes('us-east1'));
  });

  it('validates against Karmada\'s policy CRDs, unknown fields rejected, and the templates against Kubernetes', async () => {
    const crds = path.join(__dirname, '..', '..', 'test', 'fixtures', 'karmada');
    const validators: Record<string, (o: unknown) => string[]> = {
      PropagationPolicy: crdValidator(path.join(crds, 'policy.karmada.io_propagationpolicies.yaml'), 'v1alpha1'),
      OverridePolicy: crdValidator(path.join(crds, 'policy.karmada.io_overridepolicies.yaml'), 'v1alpha1'),
    };
    for (const [fleet, options] of [[seedFleet, ALL], [richFleet, RICH]] as const) {
      const karmada = manifestsUnder(synthToTemp(fleet(), { controlPlanes: options }).files, 'karmada/');
      for (const o of karmada) {
        const problems = o.apiVersion === 'policy.karmada.io/v1alpha1' ? validators[o.kind](o) : await validateManifest(o);
        assert.deepEqual(problems, [], key(o));
      }
    }
    assert.deepEqual(validators.OverridePolicy({ apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy', metadata: { name: 'x' }, spec: { overrideRules: [{ overriders: { plaintext: [{ path: '/a', operator: 'upsert' }] } }] } }).length > 0, true, 'the validator can fail');
  });
});

describe('GKE multi-cluster output', () => {
  let files: Map<string, string>;
  before(() => {
    files = synthToTemp(seedFleet(), { controlPlanes: ALL }).files;
  });

  it('writes a MultiClusterService and MultiClusterIngress per app for the config cluster, with the fields GKE documents', () => {
    // Fields of https://cloud.google.com/kubernetes-engine/docs/how-to/multi-cluster-ingress (MultiClusterService:
    // spec.template.spec.selector/ports, spec.clusters[].link; MultiClusterIngress: spec.template.spec.backend,
    // rules[].host/http.paths[].path/backend, tls[].secretName). No schema package publishes these kinds.
    const [service, ingress] = manifestsUnder(files, 'gke-multicluster/config-cluster/app-');
    assert.equal(service.kind, 'MultiClusterService');
    assert.equal(service.apiVersion, 'networking.gke.io/v1');
    assert.deepEqual(service.spec, {
      template: { spec: { selector: { 'app.kubernetes.io/name': 'get-region' }, ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }] } },
      clusters: [{ link: 'asia-east1/asia-east1' }, { link: 'europe-west1/europe-west1' }, { link: 'us-central1/us-central1' }, { link: 'us-east1/us-east1' }],
    });
    assert.equal(ingress.kind, 'MultiClusterIngress');
    assert.deepEqual(ingress.spec.template.spec, {
      backend: { serviceName: 'get-region', servicePort: 80 },
      rules: [{ host: 'get-region.example.com', http: { paths: [{ path: '/', backend: { serviceName: 'get-region', servicePort: 80 } }] } }],
    });
    assert.equal(service.metadata.namespace, 'get-region');
  });

  it('writes a multi-cluster Gateway, an HTTPRoute per app and a ServiceExport in each member, valid against the published schemas', async () => {
    const gateway = manifestsUnder(files, 'gke-multicluster/gateway/gateway.yaml')[0];
    assert.equal(gateway.spec.gatewayClassName, 'gke-l7-global-external-managed-mc');
    assert.equal(gateway.metadata.annotations['networking.gke.io/certmap'], 'fleet-lb');
    const route = manifestsUnder(files, 'gke-multicluster/gateway/route-')[0];
    assert.deepEqual(route.spec.rules[0].backendRefs, [{ group: 'net.gke.io', kind: 'ServiceImport', name: 'get-region', port: 80 }]);
    const exports = manifestsUnder(files, 'gke-multicluster/members/');
    assert.deepEqual(exports.map((o) => o.kind), ['ServiceExport', 'ServiceExport', 'ServiceExport', 'ServiceExport']);
    const gatewayModels = await import('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1');
    const gkeModels = await import('@kubernetes-models/gke/net.gke.io/v1');
    const cases: [Manifest, unknown, string, string][] = [
      [gateway, gatewayModels.Gateway, '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway', 'IGateway'],
      [route, gatewayModels.HTTPRoute, '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute', 'IHTTPRoute'],
      ...exports.map((e): [Manifest, unknown, string, string] => [e, gkeModels.ServiceExport, '@kubernetes-models/gke/net.gke.io/v1/ServiceExport', 'IServiceExport']),
    ];
    for (const [object, Model, module, type] of cases) {
      assert.doesNotThrow(() => new (Model as any)(object).validate(), key(object));
      assert.deepEqual(undeclaredFields(object, module, type), [], key(object));
    }
    for (const ns of manifestsUnder(files, 'gke-multicluster/').filter((o) => o.kind === 'Namespace')) assert.deepEqual(await validateManifest(ns), []);
  });

  it('registers every GKE cluster in the fleet hub, with multi-cluster Ingress on the config cluster', () => {
    const stacks = readStacks(files);
    const hub = stacks.get('gke-fleet-hub')!;
    assert.deepEqual(Object.keys(hub.resource.google_gke_hub_membership).sort(), ['membership-asia-east1', 'membership-europe-west1', 'membership-us-central1', 'membership-us-east1']);
    const membership = hub.resource.google_gke_hub_membership['membership-us-east1'];
    assert.equal(membership.endpoint.gke_cluster.resource_link, '//container.googleapis.com/${data.terraform_remote_state.stack-cluster-us-east1.outputs.cluster_id}');
    const ingress = hub.resource.google_gke_hub_feature['multi-cluster-ingress'];
    assert.equal(ingress.spec.multiclusteringress.config_membership, '${google_gke_hub_membership.membership-us-central1.id}');
    assert.equal(hub.resource.google_gke_hub_feature['multi-cluster-service-discovery'].name, 'multiclusterservicediscovery');
    assert.deepEqual(danglingReferences(stacks), []);
    assert.deepEqual(unknownToProvider(new Map([['gke-fleet-hub', hub]]), '@cdktf/provider-google', 'google_'), []);
  });
});

describe('Argo CD output', () => {
  it('applies each cluster folder to the cluster its secret names, the canary wave first', async () => {
    const { files } = synthToTemp(seedFleet(), { controlPlanes: ALL });
    const [set] = manifestsUnder(files, 'argocd/');
    assert.equal(set.kind, 'ApplicationSet');
    assert.deepEqual(set.spec.generators.map((g: Manifest) => [g.clusters.selector.matchExpressions[0].values, g.clusters.values.wave]), [
      [['us-central1'], '0'],
      [['asia-east1', 'eu-west-1', 'europe-west1', 'us-east1', 'us-west-2'], '1'],
    ]);
    assert.equal(set.spec.generators[0].clusters.selector.matchExpressions[0].key, 'cdk-fleet.io/cluster');
    assert.deepEqual(set.spec.strategy.rollingSync.steps.map((s: Manifest) => s.matchExpressions[0].values), [['0'], ['1']]);
    assert.equal(set.spec.template.spec.source.path, 'dist/kubernetes/{{ index .metadata.labels "cdk-fleet.io/cluster" }}');
    assert.deepEqual(set.spec.template.spec.syncPolicy.automated, { prune: true, selfHeal: true });
    const { ApplicationSet } = await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1');
    assert.doesNotThrow(() => new (ApplicationSet as any)(set).validate());
    assert.deepEqual(undeclaredFields(set, '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet', 'IApplicationSet'), []);
  });

  it('syncs every cluster at once without waves', () => {
    const { files } = synthToTemp(seedFleet(), { controlPlanes: { argoCd: { repoUrl: 'https://github.com/example/fleet.git' } } });
    const [set] = manifestsUnder(files, 'argocd/');
    assert.equal(set.spec.generators.length, 1);
    assert.equal(set.spec.strategy, undefined);
  });
});

describe('control plane options', () => {
  it('rejects a config cluster on EKS or unknown, a wave naming an unknown cluster, and a repository that is not a URL, writing nothing', () => {
    const outdir = path.join(tempDir(), 'dist');
    assert.throws(() => synth(seedFleet(), { outdir, controlPlanes: { gkeMultiCluster: { configCluster: 'us-west-2' }, argoCd: { repoUrl: 'fleet', waves: [['nowhere']] } } }), (e: unknown) => {
      assert.ok(e instanceof FleetValidationError);
      const messages = e.problems.map((p) => `${p.path}: ${p.message}`);
      assert.ok(messages.some((m) => m.startsWith('controlPlanes.gkeMultiCluster.configCluster: "us-west-2" is an EKS cluster')), messages.join('\n'));
      assert.ok(messages.some((m) => m.startsWith('controlPlanes.argoCd.repoUrl: "fleet" is not a Git repository URL')));
      assert.ok(messages.some((m) => m.startsWith('controlPlanes.argoCd.waves[0][0]: "nowhere" is not a cluster of the fleet')));
      return true;
    });
    assert.throws(() => synth(new Fleet(), { outdir, controlPlanes: { gkeMultiCluster: { configCluster: 'x' } } }), /"x" is not a cluster of the fleet/);
    assert.equal(require('node:fs').existsSync(outdir), false);
  });
});
