import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chart, Testing } from 'cdk8s';
import {
  ControlPlaneAccess, DnsZone, FederatedWorkload, Fleet, LivenessProbe, Placement, Probe, type AppProps, type ClusterProps, type Problem,
} from '../lib';
import { problemsOf, seedFleet, seedOptions } from './support/fleets';
import { propagatedTo } from './support/karmada';
import { validateManifest } from './support/kubernetes-schema';
import { clusterManifests, find, parseManifests, synthToTemp, type Manifest } from './support/synth';
import { terraformSkip, usesOnlyAws, validateStacks } from './support/terraform';
import { danglingReferences, readStacks } from './support/terraform-graph';

const GKE: ClusterProps = { name: 'gke', cloud: 'gcp', region: 'us-central1' };
const EKS: ClusterProps = { name: 'eks', cloud: 'aws', region: 'eu-west-1' };
const WORKER: AppProps = {
  name: 'consumer',
  image: 'busybox:1.37.0',
  command: ['sh', '-c', 'touch /tmp/ready; while true; do date > /tmp/alive; sleep 10; done'],
  readiness: Probe.exec(['cat', '/tmp/ready']),
  liveness: Probe.exec(['cat', '/tmp/alive'], { periodSeconds: 30 }),
  security: { writablePaths: ['/tmp'] },
};
const WEB: AppProps = { name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } };

function fleetOf(apps: readonly AppProps[], clusters: readonly ClusterProps[] = [GKE, EKS]): Fleet {
  const fleet = new Fleet({ gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }), controlPlaneAccess: ControlPlaneAccess.privateOnly() });
  for (const cluster of clusters) fleet.addCluster(cluster);
  for (const app of apps) fleet.addApp(app);
  return fleet;
}

const appFile = (files: Map<string, string>, cluster: string, app: string) => parseManifests(files.get(`kubernetes/${cluster}/app-${app}.yaml`) ?? '');
const containerOf = (deployment: Manifest) => deployment.spec.template.spec.containers[0];

/** The one problem at `path`, which must mention every fragment. */
function assertProblem(problems: readonly Problem[], path: string, ...fragments: string[]): void {
  const at = problems.filter((p) => p.path === path);
  assert.equal(at.length, 1, `expected one problem at ${path}, got:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  for (const fragment of fragments) assert.ok(at[0].message.includes(fragment), `"${at[0].message}" should mention "${fragment}"`);
}

describe('a worker: an app without containerPort', () => {
  it('has a Deployment without ports and its probes as declared, and no Service or Ingress, on GKE and EKS, valid against the strict schema', async () => {
    const { files } = synthToTemp(fleetOf([WEB, WORKER]));
    for (const cluster of ['gke', 'eks']) {
      const objects = appFile(files, cluster, 'consumer');
      assert.deepEqual(objects.map((o) => o.kind), ['ServiceAccount', 'Deployment', 'PodDisruptionBudget', 'NetworkPolicy'], cluster);
      const container = containerOf(find(objects, 'Deployment', 'consumer'));
      assert.equal(container.ports, undefined);
      assert.deepEqual(container.readinessProbe, { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 3, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 2 });
      assert.deepEqual(container.livenessProbe, { exec: { command: ['cat', '/tmp/alive'] }, failureThreshold: 3, initialDelaySeconds: 10, periodSeconds: 30, timeoutSeconds: 2 });
      for (const o of objects) assert.deepEqual(await validateManifest(o), [], `${cluster}: ${o.kind}`);
      // Nothing of the worker anywhere else in the cluster's folder: no Service, no Ingress, no NodePort.
      const others = clusterManifests(files, cluster).filter((o) => o.metadata?.namespace === 'consumer' && !objects.some((x) => x.kind === o.kind));
      assert.deepEqual(others, []);
    }
  });

  it('lets in nobody by default, and the callers it names on every port; a caller of another app is let in there', async () => {
    const alone = synthToTemp(fleetOf([WEB, WORKER])).files;
    assert.deepEqual(find(appFile(alone, 'eks', 'consumer'), 'NetworkPolicy', 'consumer').spec.ingress, []);

    const worker: AppProps = { ...WORKER, networkPolicy: { allowFrom: ['web'], egress: { toApps: ['web'] } } };
    const web: AppProps = { ...WEB, networkPolicy: { allowFrom: ['consumer'] } };
    const { files } = synthToTemp(fleetOf([web, worker]));
    const policy = find(appFile(files, 'gke', 'consumer'), 'NetworkPolicy', 'consumer');
    const webPods = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } };
    assert.deepEqual(policy.spec.ingress, [{ from: [webPods] }]);
    // Egress restricted: DNS, and the web app on its container port.
    assert.deepEqual(policy.spec.egress, [
      { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
      { to: [webPods], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    assert.deepEqual(await validateManifest(policy), []);
    const webPolicy = find(appFile(files, 'gke', 'web'), 'NetworkPolicy', 'web');
    const consumerPods = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'consumer' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'consumer' } } };
    assert.deepEqual(webPolicy.spec.ingress.at(-1), { from: [consumerPods], ports: [{ protocol: 'TCP', port: 8080 }] });
  });

  it('may probe a port it listens on without a Service (HTTP, TCP), or run without probes (Probe.none())', async () => {
    const metrics: AppProps = { ...WORKER, name: 'metrics', readiness: Probe.httpGet('/ready', { port: 9090, periodSeconds: 5 }), liveness: Probe.tcp({ port: 9090 }) };
    const bare: AppProps = { ...WORKER, name: 'bare', readiness: Probe.none(), liveness: Probe.none() };
    const { files } = synthToTemp(fleetOf([metrics, bare]));
    const metricsObjects = appFile(files, 'gke', 'metrics');
    const container = containerOf(find(metricsObjects, 'Deployment', 'metrics'));
    assert.deepEqual(container.readinessProbe, { httpGet: { path: '/ready', port: 9090, scheme: 'HTTP' }, failureThreshold: 3, initialDelaySeconds: 0, periodSeconds: 5, timeoutSeconds: 2 });
    assert.deepEqual(container.livenessProbe, { tcpSocket: { port: 9090 }, failureThreshold: 3, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 2 });
    assert.ok(!metricsObjects.some((o) => o.kind === 'Service'));
    const bareContainer = containerOf(find(appFile(files, 'gke', 'bare'), 'Deployment', 'bare'));
    assert.equal(bareContainer.readinessProbe, undefined);
    assert.equal(bareContainer.livenessProbe, undefined);
    for (const o of [...metricsObjects, ...appFile(files, 'gke', 'bare')]) assert.deepEqual(await validateManifest(o), [], o.kind);
  });

  it('is a FederatedWorkload without a Service when added to a chart of one\'s own', () => {
    const chart = new Chart(Testing.app(), 'chart');
    const workload = new FederatedWorkload(chart, 'consumer', { app: WORKER, cluster: EKS });
    assert.equal(workload.service, undefined);
    assert.deepEqual(Testing.synth(chart).map((o) => o.kind), ['ServiceAccount', 'Deployment', 'PodDisruptionBudget', 'NetworkPolicy']);
  });

  it('shows in FLEET.md as a worker, exposed nowhere', () => {
    const overview = synthToTemp(fleetOf([WEB, WORKER])).files.get('FLEET.md')!;
    assert.ok(overview.includes('| consumer | `busybox:1.37.0` | none (worker) | - |'), overview);
    assert.ok(overview.includes('app_consumer[["consumer (worker)"]]'), overview);
  });
});

describe('probes of apps with a port', () => {
  it('keep today\'s defaults: `{ path }` is Probe.httpGet(path), the liveness default and LivenessProbe.tcp() are Probe.tcp(), byte for byte', () => {
    const outputs = [
      { ...WEB, readiness: { path: '/health', periodSeconds: 5 } },
      { ...WEB, readiness: Probe.httpGet('/health', { periodSeconds: 5 }), liveness: Probe.tcp() },
      { ...WEB, readiness: Probe.httpGet('/health', { port: 8080, periodSeconds: 5 }), liveness: LivenessProbe.tcp() },
    ].map((app) => synthToTemp(fleetOf([app])).files);
    for (const files of outputs.slice(1)) assert.deepEqual(files, outputs[0]);
    const container = containerOf(find(appFile(outputs[0], 'gke', 'web'), 'Deployment', 'web'));
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/health', port: 8080, scheme: 'HTTP' });
    assert.deepEqual(container.livenessProbe.tcpSocket, { port: 8080 });
    assert.deepEqual(container.ports, [{ containerPort: 8080, name: 'http' }]);
  });

  it('may be any kind for an app without a host: an exec readiness probe on an internal database', async () => {
    const db: AppProps = { name: 'db', image: 'postgres:17.2', containerPort: 5432, readiness: Probe.exec(['pg_isready', '-q']), security: { writablePaths: ['/var/run/postgresql', '/var/lib/postgresql/data'] } };
    const { files } = synthToTemp(fleetOf([WEB, db]));
    const objects = appFile(files, 'eks', 'db');
    assert.deepEqual(containerOf(find(objects, 'Deployment', 'db')).readinessProbe.exec, { command: ['pg_isready', '-q'] });
    assert.equal(find(objects, 'Service', 'db').spec.type, 'ClusterIP');
    for (const o of objects) assert.deepEqual(await validateManifest(o), [], o.kind);
  });

  it('leave the default fleet\'s get-region untouched by its worker: every other file is byte-identical without it', () => {
    const seed = seedFleet();
    const withoutWorkers = new Fleet(seed.props);
    for (const cluster of seed.clusters) withoutWorkers.addCluster(cluster.props);
    for (const app of seed.apps.filter((a) => a.props.containerPort !== undefined)) withoutWorkers.addApp(app.props);
    assert.ok(seed.apps.length > withoutWorkers.apps.length, 'the default fleet has a worker');
    const before = synthToTemp(withoutWorkers, seedOptions()).files;
    const after = synthToTemp(seed, seedOptions()).files;
    // Only the lists of what exists change: namespaces, file lists, the picture.
    const lists = (file: string) => file.endsWith('00-namespaces.yaml') || file.endsWith('.cdk-fleet-files.json') || file === 'FLEET.md';
    const changed = [...before].filter(([file, content]) => !lists(file) && after.get(file) !== content).map(([file]) => file);
    assert.deepEqual(changed, []);
    assert.ok([...before.keys()].some((f) => f.endsWith('app-get-region.yaml')) && [...before.keys()].some((f) => f.startsWith('terraform/stacks/')));
    const added = [...after.keys()].filter((f) => !before.has(f));
    assert.ok(added.length > 0 && added.every((f) => f.endsWith('app-queue-worker.yaml')), added.join(', '));
  });
});

describe('the default fleet\'s worker', () => {
  it('runs in every cluster with an autoscaler, exec probes and no Service', async () => {
    const { files } = synthToTemp(seedFleet());
    for (const cluster of seedFleet().clusters) {
      const objects = appFile(files, cluster.props.name, 'queue-worker');
      assert.deepEqual(objects.map((o) => o.kind), ['ServiceAccount', 'Deployment', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy']);
      const deployment = find(objects, 'Deployment', 'queue-worker');
      assert.equal(deployment.spec.replicas, undefined, 'the autoscaler owns the replicas');
      assert.ok(containerOf(deployment).readinessProbe.exec && containerOf(deployment).livenessProbe.exec);
      assert.notDeepEqual(containerOf(deployment).readinessProbe, containerOf(deployment).livenessProbe);
      for (const o of objects) assert.deepEqual(await validateManifest(o), [], o.kind);
    }
  });
});

describe('validation of workers and probes', () => {
  it('refuses every Service option of a worker and its missing probes, all at once, each with the way out', () => {
    const problems = problemsOf(fleetOf([{
      // An out-of-range NodePort is reported once: as an option a worker cannot have.
      name: 'consumer', image: 'busybox:1.37.0', servicePort: 80, nodePort: 80, ingress: { host: 'consumer.example.com' }, loadBalancing: { gcp: { backend: 'neg' } },
    }]));
    for (const field of ['servicePort', 'nodePort', 'ingress', 'loadBalancing']) {
      assertProblem(problems, `apps.consumer.${field}`, 'the app has no containerPort', 'worker', 'add containerPort', `or remove ${field}`);
    }
    assertProblem(problems, 'apps.consumer.readiness', 'is required for an app without containerPort', 'Probe.exec', 'Probe.none()');
    assertProblem(problems, 'apps.consumer.liveness', 'is required for an app without containerPort', 'Probe.exec', 'Probe.none()');
    assert.equal(problems.length, 6, problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  });

  it('refuses a probe of the container port on a worker, which has none', () => {
    const problems = problemsOf(fleetOf([{ ...WORKER, readiness: { path: '/ready' }, liveness: Probe.tcp() }]));
    assertProblem(problems, 'apps.consumer.readiness.port', '{ path } (an HTTP GET on the container port)', 'no containerPort', 'Probe.httpGet(path, { port })');
    assertProblem(problems, 'apps.consumer.liveness.port', 'Probe.tcp() without a port', 'Probe.tcp({ port })');
  });

  it('requires an HTTP readiness probe on the container port of an app behind the load balancers, which health-check it', () => {
    const problems = problemsOf(fleetOf([
      { ...WEB, readiness: Probe.exec(['true']) },
      { ...WEB, name: 'none', nodePort: 30081, ingress: { host: 'none.example.com' }, readiness: Probe.none() },
      { ...WEB, name: 'other', nodePort: 30082, ingress: { host: 'other.example.com' }, readiness: Probe.httpGet('/ready', { port: 9090 }) },
    ]));
    assertProblem(problems, 'apps.web.readiness', 'is Probe.exec(), but the app has an ingress', 'health-check', 'Probe.httpGet(path)');
    assertProblem(problems, 'apps.none.readiness', 'is Probe.none(), but the app has an ingress', 'Probe.httpGet(path)');
    assertProblem(problems, 'apps.other.readiness.port', '9090 is not the container port 8080', 'Probe.httpGet(path)');
  });

  it('refuses a command that is no list of strings, a relative path, a port out of range, and a worker as an egress destination', () => {
    const problems = problemsOf(fleetOf([
      { ...WORKER, readiness: Probe.exec([]), liveness: Probe.httpGet('alive', { port: 70000 }) },
      { ...WEB, networkPolicy: { egress: { toApps: ['consumer'] } } },
    ]));
    assertProblem(problems, 'apps.consumer.readiness.command', 'is not a command', '["cat", "/tmp/ready"]');
    assertProblem(problems, 'apps.consumer.liveness.path', '"alive" must be an absolute path');
    assertProblem(problems, 'apps.consumer.liveness.port', '70000 is not a port');
    assertProblem(problems, 'apps.web.networkPolicy.egress.toApps[0]', '"consumer" has no containerPort', 'listens on nothing');
  });

  it('refuses what is not a Probe from untyped callers', () => {
    const problems = problemsOf(fleetOf([{ ...WORKER, readiness: 'exec cat /tmp/ready', liveness: { exec: ['cat'] } } as unknown as AppProps]));
    assertProblem(problems, 'apps[0].readiness', 'is not a readiness probe', 'Probe.exec(command)');
    assertProblem(problems, 'apps[0].liveness', 'is not a Probe', 'Probe.none()');
  });
});

describe('clusters that run only workers', () => {
  it('synthesize on GKE and EKS with no load balancer, certificate or DNS record stack, and no dangling output', () => {
    const { files } = synthToTemp(fleetOf([WORKER]));
    const stacks = readStacks(files);
    assert.deepEqual([...stacks.keys()].sort(), ['cluster-eks', 'cluster-gke', 'dns-zone', 'gcp-apis', 'gcp-network']);
    const eks = stacks.get('cluster-eks')!;
    assert.deepEqual(Object.keys(eks.output).sort(), ['cluster_arn', 'cluster_name', 'endpoint']);
    assert.equal(eks.resource.aws_lb, undefined);
    assert.equal(eks.data?.terraform_remote_state, undefined, 'reads no other stack');
    assert.deepEqual(danglingReferences(stacks), []);
    for (const cluster of ['gke', 'eks']) assert.ok(files.has(`kubernetes/${cluster}/app-consumer.yaml`), cluster);
  });

  it('may sit beside clusters that serve hosts: an EKS cluster with only a worker gets no NLB, and no certificate', () => {
    const { files } = synthToTemp(fleetOf([{ ...WEB, placement: Placement.clusters('gke') }, { ...WORKER, placement: Placement.clusters('eks') }]));
    const stacks = readStacks(files);
    assert.ok(stacks.has('gcp-global-lb') && !stacks.has('aws-certificates'), [...stacks.keys()].join(', '));
    assert.equal(stacks.get('cluster-eks')!.resource.aws_lb, undefined);
    assert.deepEqual(clusterManifests(files, 'eks').filter((o) => o.kind === 'Service'), []);
    assert.deepEqual(danglingReferences(stacks), []);
  });

  it('pass terraform validate on every AWS stack of a worker-only EKS cluster', { skip: terraformSkip() }, async () => {
    const stacks = new Map([...readStacks(synthToTemp(fleetOf([WORKER], [EKS])).files)].filter(([, json]) => usesOnlyAws(json)));
    assert.ok(stacks.has('cluster-eks'), [...stacks.keys()].join(', '));
    for (const [stack, diagnostics] of await validateStacks(stacks)) {
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`), [], stack);
    }
  });
});

describe('control-plane outputs of a worker', () => {
  const options = { controlPlanes: { karmada: true, gkeMultiCluster: { configCluster: 'gke' }, argoCd: { repoUrl: 'https://github.com/example/fleet.git' } } };

  it('Karmada propagates to each cluster exactly its direct output of the worker', () => {
    const { files } = synthToTemp(fleetOf([WEB, WORKER]), options);
    const karmada = parseManifests(files.get('karmada/app-consumer.yaml')!);
    for (const cluster of ['gke', 'eks']) {
      const direct = appFile(files, cluster, 'consumer');
      const propagated = propagatedTo(karmada, cluster).filter((o) => o.metadata.namespace === 'consumer');
      assert.deepEqual(new Set(propagated.map((o) => JSON.stringify(o))), new Set(direct.map((o) => JSON.stringify(o))), cluster);
    }
    assert.ok(!karmada.some((o) => o.kind === 'Service'));
  });

  it('GKE multi-cluster load balancing has nothing of a worker: no MultiClusterService, HTTPRoute or ServiceExport', () => {
    const { files } = synthToTemp(fleetOf([WEB, WORKER]), options);
    const gkeFiles = [...files.keys()].filter((f) => f.startsWith('gke-multicluster/'));
    assert.ok(gkeFiles.includes('gke-multicluster/config-cluster/app-web.yaml'), gkeFiles.join(', '));
    assert.deepEqual(gkeFiles.filter((f) => f.includes('consumer')), []);
    const exports = parseManifests(files.get('gke-multicluster/members/gke/service-exports.yaml')!);
    assert.deepEqual(exports.map((o) => o.metadata.name), ['web']);
  });

  it('Argo CD syncs a worker-only fleet\'s cluster folders', () => {
    const { files } = synthToTemp(fleetOf([WORKER]), options);
    const set = parseManifests(files.get('argocd/applicationset.yaml')!).find((o) => o.kind === 'ApplicationSet')!;
    const clusters = set.spec.generators.flatMap((g: Manifest) => g.clusters.selector.matchExpressions.flatMap((e: Manifest) => e.values));
    assert.deepEqual(clusters.sort(), ['eks', 'gke']);
  });
});
