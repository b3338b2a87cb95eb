import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as kplus from 'cdk8s-plus-27';
import { negName, renderCluster } from '../lib/internal';
import { richFleet, seedFleet } from './support/fleets';
import { clusterManifests, find, parseManifests, synthToTemp, type Manifest } from './support/synth';

const SEED_CLUSTERS = ['asia-east1', 'eu-west-1', 'europe-west1', 'us-central1', 'us-east1', 'us-west-2'];

describe('the seed fleet', () => {
  let files: Map<string, string>;
  before(() => {
    files = synthToTemp(seedFleet()).files;
  });

  it('writes one folder per cluster with the namespace first, then the app, and the node autoscaler on EKS', () => {
    const yaml = [...files.keys()].filter((p) => p.endsWith('.yaml')).sort();
    const eks = ['eu-west-1', 'us-west-2'];
    assert.deepEqual(yaml, SEED_CLUSTERS.flatMap((c) => [
      `kubernetes/${c}/00-namespaces.yaml`, `kubernetes/${c}/app-get-region.yaml`, `kubernetes/${c}/app-queue-worker.yaml`,
      ...(eks.includes(c) ? [`kubernetes/${c}/cluster-autoscaler.yaml`] : []),
    ]));
  });

  it('runs get-region autoscaled from 4 to 12 replicas in every cluster, answering with the cluster region', () => {
    const plan = seedFleet().plan();
    for (const cluster of SEED_CLUSTERS) {
      const deployment = find(clusterManifests(files, cluster), 'Deployment', 'get-region');
      assert.equal(deployment.spec.replicas, undefined);
      const autoscaler = find(clusterManifests(files, cluster), 'HorizontalPodAutoscaler', 'get-region');
      assert.deepEqual([autoscaler.spec.minReplicas, autoscaler.spec.maxReplicas], [4, 12]);
      const container = deployment.spec.template.spec.containers[0];
      assert.deepEqual(container.env, [{ name: 'REGION', value: plan.cluster(cluster).region }]);
      assert.deepEqual(container.args, ['-listen=:8080', '-text=$(REGION)']);
    }
  });

  it('exposes get-region on NodePort 30040 in every cluster', () => {
    for (const cluster of SEED_CLUSTERS) {
      const service = find(clusterManifests(files, cluster), 'Service', 'get-region');
      assert.equal(service.spec.type, 'NodePort');
      assert.deepEqual(service.spec.ports, [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30040 }]);
    }
  });

  it('gives every object the same name, namespace and labels in every cluster, and the same selectors', () => {
    const identity = (m: Manifest) => ({
      kind: m.kind,
      name: m.metadata.name,
      namespace: m.metadata.namespace,
      labels: m.metadata.labels,
      selector: m.spec?.selector,
      podLabels: m.spec?.template?.metadata?.labels,
    });
    // The apps' objects: the node autoscaler of EKS clusters is the cluster's own (kube-system, cluster roles).
    const appObjects = (cluster: string) => clusterManifests(files, cluster).filter((m) => m.metadata.namespace !== 'kube-system' && !m.kind.startsWith('ClusterRole'));
    const reference = appObjects(SEED_CLUSTERS[0]).map(identity);
    for (const cluster of SEED_CLUSTERS.slice(1)) {
      assert.deepEqual(appObjects(cluster).map(identity), reference, cluster);
    }
  });

  it('differs between clusters only where the cluster differs (the REGION value, and the load balancers\' addresses in the NetworkPolicy)', () => {
    // The NetworkPolicy lets in each cluster's load-balancer paths (see the network policy tests); the rest is equal.
    const normalize = (content: string, region: string) => content.split('\n---\n').filter((doc) => !doc.includes('kind: NetworkPolicy\n')).join('\n---\n').replaceAll(`value: ${region}`, 'value: REGION');
    const plan = seedFleet().plan();
    const reference = normalize(files.get(`kubernetes/${SEED_CLUSTERS[0]}/app-get-region.yaml`)!, plan.cluster(SEED_CLUSTERS[0]).region);
    for (const cluster of SEED_CLUSTERS.slice(1)) {
      assert.equal(normalize(files.get(`kubernetes/${cluster}/app-get-region.yaml`)!, plan.cluster(cluster).region), reference, cluster);
    }
  });

  it('contains no label derived from construct paths', () => {
    for (const content of files.values()) assert.ok(!content.includes('cdk8s.io/'), 'a cdk8s.io label was synthesized');
  });
});

describe('secure defaults of every Deployment', () => {
  let deployments: Manifest[];
  before(() => {
    const { files } = synthToTemp(richFleet());
    // The apps' Deployments; the node autoscaler of EKS clusters (kube-system) needs its service account token.
    deployments = ['gke-us', 'gke-eu', 'eks-us'].flatMap((c) => clusterManifests(files, c)).filter((m) => m.kind === 'Deployment' && m.metadata.namespace !== 'kube-system');
    assert.equal(deployments.length, 7);
  });

  const pods = () => deployments.map((d) => d.spec.template.spec);
  const containers = () => pods().flatMap((p) => p.containers);

  it('runs as a non-root user and group of at least 10001, at pod and container level (CKV_K8S_23/40, KSV-0012/20/21)', () => {
    for (const scope of [...pods().map((p) => p.securityContext), ...containers().map((c) => c.securityContext)]) {
      assert.equal(scope.runAsNonRoot, true);
      assert.ok(scope.runAsUser >= 10001 && scope.runAsGroup >= 10001, JSON.stringify(scope));
    }
  });

  it('uses the RuntimeDefault seccomp profile (CKV_K8S_31, KSV-0030)', () => {
    for (const pod of pods()) assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
    for (const c of containers()) assert.deepEqual(c.securityContext.seccompProfile, { type: 'RuntimeDefault' });
  });

  it('drops every capability, forbids privilege escalation and privileged mode (CKV_K8S_37/20, KSV-0001/3)', () => {
    for (const c of containers()) {
      assert.deepEqual(c.securityContext.capabilities, { drop: ['ALL'] });
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      assert.equal(c.securityContext.privileged, false);
    }
  });

  it('mounts the root filesystem read-only and gives writable paths their own emptyDir (CKV_K8S_22)', () => {
    for (const c of containers()) assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    const api = deployments.find((d) => d.metadata.name === 'api')!.spec.template.spec;
    assert.deepEqual(api.containers[0].volumeMounts.map((m: Manifest) => m.mountPath), ['/tmp', '/var/cache/api']);
    assert.deepEqual(api.volumes.map((v: Manifest) => Object.keys(v).sort()), [['emptyDir', 'name'], ['emptyDir', 'name']]);
  });

  it('mounts no service account token and uses no host namespaces (CKV_K8S_38)', () => {
    for (const pod of pods()) {
      assert.equal(pod.automountServiceAccountToken, false);
      assert.ok(!pod.hostPID && !pod.hostIPC && !pod.hostNetwork);
      assert.ok(!(pod.volumes ?? []).some((v: Manifest) => v.hostPath));
    }
  });

  it('sets CPU and memory requests and a memory limit, and a CPU limit unless opted out (CKV_K8S_10-13)', () => {
    for (const c of containers()) {
      assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory, JSON.stringify(c.resources));
    }
    const withoutCpuLimit = deployments.filter((d) => !d.spec.template.spec.containers[0].resources.limits.cpu);
    assert.equal(withoutCpuLimit.length, 1, 'only the api override on eks-us drops the CPU limit');
  });

  it('writes resource quantities as declared', () => {
    const web = deployments.find((d) => d.metadata.name === 'web')!;
    assert.deepEqual(web.spec.template.spec.containers[0].resources, { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
  });

  it('has readiness and liveness probes that are not identical (CKV_K8S_8/9, kube-score)', () => {
    for (const c of containers()) {
      assert.ok(c.readinessProbe && c.livenessProbe);
      assert.notDeepEqual(c.readinessProbe, c.livenessProbe);
    }
    const api = deployments.find((d) => d.metadata.name === 'api')!.spec.template.spec.containers[0];
    assert.deepEqual(api.readinessProbe.httpGet, { path: '/ready', port: 9000, scheme: 'HTTP' });
    assert.equal(api.readinessProbe.periodSeconds, 5);
    assert.deepEqual(api.livenessProbe.httpGet, { path: '/live', port: 9000, scheme: 'HTTP' });
  });

  it('pins every image and never uses latest (CKV_K8S_14)', () => {
    for (const c of containers()) assert.match(c.image, /(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/);
    for (const c of containers()) assert.doesNotMatch(c.image, /:latest$/);
  });

  it('spreads pods over zones and nodes, selecting the app only (Polaris, kube-score)', () => {
    for (const d of deployments) {
      const constraints = d.spec.template.spec.topologySpreadConstraints;
      assert.deepEqual(constraints.map((c: Manifest) => c.topologyKey), ['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
      for (const c of constraints) assert.deepEqual(c.labelSelector.matchLabels, d.spec.selector.matchLabels);
    }
  });

  it('never runs in the default namespace (CKV_K8S_21)', () => {
    for (const d of deployments) assert.notEqual(d.metadata.namespace ?? 'default', 'default');
  });
});

describe('namespaces, services, ingresses and disruption budgets', () => {
  let files: Map<string, string>;
  before(() => {
    files = synthToTemp(richFleet()).files;
  });

  it('creates each namespace once per cluster, with the restricted Pod Security Standard enforced', () => {
    const namespaces = parseManifests(files.get('kubernetes/eks-us/00-namespaces.yaml')!);
    assert.deepEqual(namespaces.map((n) => n.metadata.name), ['shared', 'web']);
    for (const ns of namespaces) {
      assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
      assert.equal(ns.metadata.labels['pod-security.kubernetes.io/warn'], 'restricted');
    }
  });

  it('selects the pods of the app with the Service, on a port the container has (kube-score, kube-linter)', () => {
    for (const cluster of ['gke-us', 'gke-eu', 'eks-us']) {
      const manifests = clusterManifests(files, cluster);
      for (const service of manifests.filter((m) => m.kind === 'Service')) {
        const deployment = find(manifests, 'Deployment', service.metadata.name);
        const podLabels = deployment.spec.template.metadata.labels;
        for (const [k, v] of Object.entries(service.spec.selector)) assert.equal(podLabels[k], v, `${cluster}/${service.metadata.name}`);
        const containerPorts = deployment.spec.template.spec.containers.flatMap((c: Manifest) => c.ports.map((p: Manifest) => p.containerPort));
        for (const port of service.spec.ports) assert.ok(containerPorts.includes(port.targetPort));
      }
    }
  });

  it('uses a NodePort only where a load balancer needs one, NEGs on GKE and the AWS controller on EKS for the api', () => {
    const gke = clusterManifests(files, 'gke-us');
    const eks = clusterManifests(files, 'eks-us');
    assert.equal(find(gke, 'Service', 'web').spec.type, 'NodePort');
    assert.equal(find(gke, 'Service', 'api').spec.type, 'ClusterIP');
    // NEGs are zonal and named per cluster (two clusters of one region share zones): see negName.
    assert.deepEqual(JSON.parse(find(gke, 'Service', 'api').metadata.annotations['cloud.google.com/neg']), { exposed_ports: { 443: { name: negName('rich', 'gke-us', 'api') } } });
    const awsApi = find(eks, 'Service', 'api');
    assert.equal(awsApi.spec.type, 'LoadBalancer');
    assert.equal(awsApi.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-healthcheck-path'], '/ready');
    assert.equal(find(eks, 'Service', 'worker').spec.type, 'ClusterIP');
    assert.equal(find(eks, 'Service', 'worker').spec.ports[0].nodePort, undefined);
  });

  it('routes the host to the Service over TLS, with the cluster ingress class over the app one (kube-score ingress-targets-service)', () => {
    const eu = clusterManifests(files, 'gke-eu');
    const ingress = find(eu, 'Ingress', 'web');
    assert.equal(ingress.spec.ingressClassName, 'nginx');
    assert.deepEqual(ingress.spec.tls, [{ hosts: ['web.example.com'], secretName: 'web-tls' }]);
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    assert.deepEqual(backend, { name: 'web', port: { number: 80 } });
    for (const cluster of ['gke-us', 'eks-us']) {
      assert.equal(find(clusterManifests(files, cluster), 'Ingress', 'web').spec.ingressClassName, 'traefik', cluster);
    }
  });

  it('lets cert-manager create the TLS Secret the Ingress names, through its issuer annotation', () => {
    const ingress = find(clusterManifests(files, 'gke-us'), 'Ingress', 'web');
    assert.deepEqual(ingress.metadata.annotations, { 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    assert.deepEqual(ingress.spec.tls, [{ hosts: ['web.example.com'], secretName: 'web-tls' }]);
  });

  it('writes no in-cluster Ingress unless the app asks for one', () => {
    assert.ok(!clusterManifests(files, 'gke-us').some((m) => m.kind === 'Ingress' && m.metadata.name === 'api'));
  });

  it('adds a disruption budget with the Deployment selector where replicas > 1, none for a single replica', () => {
    for (const cluster of ['gke-us', 'gke-eu', 'eks-us']) {
      const manifests = clusterManifests(files, cluster);
      for (const d of manifests.filter((m) => m.kind === 'Deployment')) {
        const pdb = manifests.find((m) => m.kind === 'PodDisruptionBudget' && m.metadata.name === d.metadata.name);
        if (d.spec.replicas > 1) {
          assert.ok(pdb, `${cluster}/${d.metadata.name} has no PDB`);
          assert.deepEqual(pdb.spec.selector, d.spec.selector);
          assert.equal(pdb.spec.maxUnavailable, 1);
          assert.equal(pdb.spec.unhealthyPodEvictionPolicy, 'AlwaysAllow');
        } else {
          assert.equal(pdb, undefined, `${cluster}/${d.metadata.name} has 1 replica and a PDB`);
        }
      }
    }
  });
});

describe('the cluster chart escape hatch', () => {
  it('writes what a user adds to a cluster chart into that cluster folder only', () => {
    const { files } = synthToTemp(seedFleet(), {
      kubernetes: {
        extend: (chart) => {
          if (chart.cluster.cloud !== 'aws') return;
          new kplus.ConfigMap(chart, 'RegionInfo', { metadata: { name: 'region-info', namespace: 'get-region' }, data: { region: chart.cluster.region } });
        },
      },
    });
    const extra = files.get('kubernetes/us-west-2/extra-regioninfo.yaml');
    assert.ok(extra, [...files.keys()].join('\n'));
    assert.deepEqual(parseManifests(extra)[0].data, { region: 'us-west-2' });
    assert.ok(![...files.keys()].some((p) => p.startsWith('kubernetes/us-central1/extra-')));
  });

  it('lets a user reach an app workload of a cluster and change it', () => {
    const output = renderCluster(seedFleet().plan(), 'us-east1', {
      extend: (chart) => chart.workloads.get('get-region')!.deployment.podMetadata.addAnnotation('example.com/owner', 'team-a'),
    });
    const deployment = find(parseManifests(output.find((f) => f.path === 'us-east1/app-get-region.yaml')!.content), 'Deployment', 'get-region');
    assert.equal(deployment.spec.template.metadata.annotations['example.com/owner'], 'team-a');
  });
});

describe('reuse of files rendered for another cluster', () => {
  it('writes the same files as building every cluster in full, which an extend hook forces', () => {
    const fleet = richFleet();
    fleet.addCluster({ name: 'gke-us2', cloud: 'gcp', region: 'us-central1', labels: { tier: 'edge', geo: 'us' }, weight: 3 });
    const reused = synthToTemp(fleet).files;
    const built = synthToTemp(fleet, { kubernetes: { extend: () => undefined } }).files;
    assert.deepEqual(reused, built);
    // gke-us2 equals gke-us in every input but its name: the files that do not read the name are the same bytes;
    // web's CLUSTER variable is the cluster name, and api's NEG name is the cluster's, so they differ in that only.
    assert.equal(reused.get('kubernetes/gke-us2/00-namespaces.yaml'), reused.get('kubernetes/gke-us/00-namespaces.yaml'));
    assert.equal(reused.get('kubernetes/gke-us2/app-api.yaml'), reused.get('kubernetes/gke-us/app-api.yaml')!.replace(negName('rich', 'gke-us', 'api'), negName('rich', 'gke-us2', 'api')));
    assert.equal(reused.get('kubernetes/gke-us2/app-web.yaml'), reused.get('kubernetes/gke-us/app-web.yaml')!.replace('value: gke-us\n', 'value: gke-us2\n'));
  });
});
