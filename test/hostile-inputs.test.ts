import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import {
  ControlPlaneAccess, DnsZone, EnvValue, Fleet, FleetValidationError, LivenessProbe, Placement, Replicas, synth, TerraformBackend, type Problem,
} from '../lib';
import { readTree, tempDir } from './support/synth';

/*
 * A catalogue of hostile inputs, as a careless user or an untyped caller (plain JavaScript, JSON or YAML read into
 * the API) gives them. Each must end in a FleetValidationError whose problem names the path and shows the value,
 * never a TypeError, and must leave the previous output byte-identical.
 */

type Json = Record<string, unknown>;

const GKE: Json = { name: 'us-central1', cloud: 'gcp', region: 'us-central1' };
const EKS: Json = { name: 'eu-west-1', cloud: 'aws', region: 'eu-west-1' };
const APP: Json = { name: 'web', image: 'example/web:1.0.0', containerPort: 8080, nodePort: 30080, ingress: { host: 'web.example.com' } };
const FLEET: Json = {
  name: 'fleet', gcp: { project: 'my-project' }, dns: DnsZone.route53({ zoneName: 'example.com' }),
  controlPlaneAccess: ControlPlaneAccess.privateOnly(),
};

/** One hostile input: changes to a valid fleet, and the problem it must give. */
interface Case {
  readonly name: string;
  /** Props merged over the valid fleet's, its GKE cluster's, its app's; or whole lists. */
  readonly fleet?: unknown;
  readonly cluster?: Json;
  readonly clusters?: unknown[];
  readonly app?: Json;
  readonly apps?: unknown[];
  /** The synth options (merged with the output folder when an object). */
  readonly options?: unknown;
  /** The path of the problem, exactly. */
  readonly path: string;
  /** Fragments of its message: the value as shown, and the rule. */
  readonly says: readonly string[];
}

let outdir: string;
let previous: Map<string, string>;

before(() => {
  outdir = path.join(tempDir(), 'dist');
  const fleet = new Fleet(FLEET);
  fleet.addCluster(GKE as never);
  fleet.addCluster(EKS as never);
  fleet.addApp(APP as never);
  synth(fleet, { outdir, controlPlanes: { karmada: true } });
  previous = readTree(path.dirname(outdir));
});

function fleetOf(c: Case): Fleet {
  const fleet = new Fleet((c.fleet === undefined ? FLEET : isObject(c.fleet) ? { ...FLEET, ...c.fleet } : c.fleet) as never);
  for (const cluster of c.clusters ?? [{ ...GKE, ...c.cluster }, EKS]) fleet.addCluster(cluster as never);
  for (const app of c.apps ?? [{ ...APP, ...c.app }]) fleet.addApp(app as never);
  return fleet;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Synthesizes the case over the previous output; returns its problems. */
function problemsOf(fleet: Fleet, options: unknown): readonly Problem[] {
  try {
    synth(fleet, (isObject(options) ? { outdir, ...options } : options ?? { outdir }) as never);
  } catch (e) {
    assert.ok(e instanceof FleetValidationError, `expected a FleetValidationError, got ${(e as Error)?.stack ?? e}`);
    return e.problems;
  }
  assert.fail('synthesis succeeded');
}

function assertCase(c: Case, problems: readonly Problem[]): void {
  const list = problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
  const at = problems.filter((p) => p.path === c.path);
  assert.ok(at.length > 0, `expected a problem at ${c.path}, got:\n${list}`);
  for (const fragment of c.says) {
    assert.ok(at.some((p) => p.message.includes(fragment)), `a problem at ${c.path} should say ${JSON.stringify(fragment)}, got:\n${list}`);
  }
  assert.deepEqual(readTree(path.dirname(outdir)), previous, 'the output folder is byte-identical');
}

function catalogue(title: string, cases: readonly Case[]): void {
  describe(title, () => {
    for (const c of cases) it(c.name, () => assertCase(c, problemsOf(fleetOf(c), c.options)));
  });
}

catalogue('wrong shapes from untyped callers: apps', [
  { name: 'replicas as a number', app: { replicas: 3 }, path: 'apps[0].replicas', says: ['3 is not a Replicas', 'Replicas.perCluster(n)'] },
  { name: 'replicas as a string', app: { replicas: '3' }, path: 'apps[0].replicas', says: ['"3" is not a Replicas'] },
  { name: 'replicas as a plain object', app: { replicas: { kind: 'perCluster', count: 3 } }, path: 'apps[0].replicas', says: ['{"kind":"perCluster","count":3} is not a Replicas'] },
  { name: 'placement as a list', app: { placement: ['us-central1'] }, path: 'apps[0].placement', says: ['["us-central1"] is not a Placement', 'Placement.clusters(...names)'] },
  { name: 'placement as a string', app: { placement: 'all' }, path: 'apps[0].placement', says: ['"all" is not a Placement'] },
  { name: 'liveness as props', app: { liveness: { path: '/live' } }, path: 'apps[0].liveness', says: ['{"path":"/live"} is not a Probe', 'Probe.httpGet(path)', 'Probe.exec(command)'] },
  { name: 'liveness as a path', app: { liveness: '/live' }, path: 'apps[0].liveness', says: ['"/live" is not a Probe'] },
  { name: 'readiness as a path', app: { readiness: '/ready' }, path: 'apps[0].readiness', says: ['"/ready" is not a readiness probe', 'Probe.exec(command)', '{ path }'] },
  { name: 'readiness as a list', app: { readiness: ['/ready'] }, path: 'apps[0].readiness', says: ['["/ready"] is not a readiness probe'] },
  { name: 'args as one string', app: { args: '-listen=:8080' }, path: 'apps[0].args', says: ['"-listen=:8080" is not a list of strings'] },
  { name: 'args with numbers', app: { args: ['-port', 8080] }, path: 'apps[0].args[1]', says: ['8080 is not a string'] },
  { name: 'command as one string', app: { command: '/bin/web' }, path: 'apps[0].command', says: ['"/bin/web" is not a list of strings'] },
  { name: 'env as a list', app: { env: ['MODE=prod'] }, path: 'apps[0].env', says: ['["MODE=prod"] is not an object of environment variables'] },
  { name: 'env value as a number', app: { env: { PORT: 8080 } }, path: 'apps[0].env.PORT', says: ['8080 is not a string or an EnvValue'] },
  { name: 'env value as a plain object', app: { env: { REGION: { fromCluster: 'region' } } }, path: 'apps[0].env.REGION', says: ['{"fromCluster":"region"} is not a string or an EnvValue'] },
  { name: 'env value as null', app: { env: { MODE: null } }, path: 'apps[0].env.MODE', says: ['null is not a string or an EnvValue'] },
  { name: 'resources as a string', app: { resources: '100m' }, path: 'apps[0].resources', says: ['"100m" is not the resources of a container'] },
  { name: 'a resource as a number', app: { resources: { cpuRequest: 1 } }, path: 'apps.web.resources.cpuRequest', says: ['1 is not a Kubernetes quantity'] },
  { name: 'ingress as a host', app: { ingress: 'web.example.com' }, path: 'apps[0].ingress', says: ['"web.example.com" is not the ingress of an app'] },
  { name: 'ingress.inCluster as a string', app: { ingress: { host: 'web.example.com', inCluster: 'false' } }, path: 'apps.web.ingress.inCluster', says: ['"false" is not an in-cluster Ingress'] },
  { name: 'overrides as a list', app: { overrides: [{ replicas: 2 }] }, path: 'apps[0].overrides', says: ['[{"replicas":2}] is not an object of overrides by cluster name'] },
  { name: 'an override as a string', app: { overrides: { 'us-central1': 'canary' } }, path: 'apps[0].overrides.us-central1', says: ['"canary" is not a cluster override'] },
  { name: 'an unknown override prop', app: { overrides: { 'us-central1': { replica: 2 } } }, path: 'apps[0].overrides.us-central1.replica', says: ['is not a prop of a cluster override', 'did you mean "replicas"?'] },
  { name: 'loadBalancing as a string', app: { loadBalancing: 'neg' }, path: 'apps[0].loadBalancing', says: ['"neg" is not the load balancing of an app'] },
  { name: 'loadBalancing.gcp as a string', app: { loadBalancing: { gcp: 'neg' } }, path: 'apps[0].loadBalancing.gcp', says: ['"neg" is not the GCP load balancing of an app'] },
  { name: 'certificateArns as a list', app: { loadBalancing: { aws: { certificateArns: ['arn:aws:acm:x'] } } }, path: 'apps[0].loadBalancing.aws.certificateArns', says: ['["arn:aws:acm:x"] is not an object of strings'] },
  { name: 'writablePaths as a string', app: { security: { writablePaths: '/tmp' } }, path: 'apps[0].security.writablePaths', says: ['"/tmp" is not a list of strings'] },
  { name: 'readOnlyRootFilesystem as a string', app: { security: { readOnlyRootFilesystem: 'false' } }, path: 'apps[0].security.readOnlyRootFilesystem', says: ['"false" is not true or false'] },
  { name: 'a misspelt prop', app: { replica: 3 }, path: 'apps[0].replica', says: ['is not a prop of an app', 'did you mean "replicas"?'] },
  { name: 'app props as null', apps: [null], path: 'apps[0]', says: ['null is not an app (an object)'] },
  { name: 'app props as a string', apps: ['web'], path: 'apps[0]', says: ['"web" is not an app (an object)'] },
  { name: 'a function as env value', app: { env: { MODE: () => 'prod' } }, path: 'apps[0].env.MODE', says: ['a function (MODE) is not a string or an EnvValue'] },
]);

catalogue('wrong shapes from untyped callers: clusters and fleet', [
  { name: 'labels as a list', cluster: { labels: ['edge'] }, path: 'clusters[0].labels', says: ['["edge"] is not an object of strings'] },
  { name: 'a label value as a number', cluster: { labels: { tier: 1 } }, path: 'clusters[0].labels.tier', says: ['1 is not a string'] },
  { name: 'zones as a string', cluster: { zones: 'us-central1-a' }, path: 'clusters[0].zones', says: ['"us-central1-a" is not a list of strings'] },
  { name: 'nodePool as a string', cluster: { nodePool: 'e2-standard-8' }, path: 'clusters[0].nodePool', says: ['"e2-standard-8" is not a node pool (an object)'] },
  { name: 'authorizedNetworks as an object', cluster: { gke: { authorizedNetworks: { cidr: '10.0.0.0/8', name: 'x' } } }, path: 'clusters[0].gke.authorizedNetworks', says: ['{"cidr":"10.0.0.0/8","name":"x"} is not a list of authorized networks'] },
  { name: 'deletionProtection as a string', cluster: { gke: { deletionProtection: 'no' } }, path: 'clusters[0].gke.deletionProtection', says: ['"no" is not true or false'] },
  { name: 'publicAccessCidrs as a string', clusters: [GKE, { ...EKS, eks: { publicAccessCidrs: '203.0.113.0/24' } }], path: 'clusters[1].eks.publicAccessCidrs', says: ['"203.0.113.0/24" is not a list of strings'] },
  { name: 'existingVpc subnets as a string', clusters: [GKE, { ...EKS, eks: { existingVpc: { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: 'subnet-1', publicSubnetIds: [] } } }], path: 'clusters[1].eks.existingVpc.privateSubnetIds', says: ['"subnet-1" is not a list of strings'] },
  { name: 'a misspelt cluster prop', cluster: { zone: ['us-central1-a'] }, path: 'clusters[0].zone', says: ['is not a prop of a cluster', 'did you mean "zones"?'] },
  { name: 'cluster props as null', clusters: [null, EKS], path: 'clusters[0]', says: ['null is not a cluster (an object)'] },
  { name: 'region as a number', cluster: { region: 5 }, path: 'clusters[0].region', says: ['5 is not a string'] },
  { name: 'gcp settings as a project id', fleet: { gcp: 'my-project' }, path: 'gcp', says: ['"my-project" is not the GCP settings of the fleet'] },
  { name: 'dns as a zone name', fleet: { dns: 'example.com' }, path: 'dns', says: ['"example.com" is not a DnsZone', 'DnsZone.route53'] },
  { name: 'dns as the plain data of earlier versions', fleet: { dns: { route53: 'example.com' } }, path: 'dns', says: ['{"route53":"example.com"} is not a DnsZone'] },
  { name: 'aws tags as a list', fleet: { aws: { tags: ['team=edge'] } }, path: 'aws.tags', says: ['["team=edge"] is not an object of strings'] },
  { name: 'subnetCidrs as a list', fleet: { gcp: { project: 'my-project', network: { subnetCidrs: ['10.0.0.0/20'] } } }, path: 'gcp.network.subnetCidrs', says: ['["10.0.0.0/20"] is not an object of strings'] },
  { name: 'fleet props as a string', fleet: 'fleet', path: '(input)', says: ['"fleet" is not the props of a fleet (an object)'] },
  { name: 'a misspelt fleet prop', fleet: { nmae: 'fleet' }, path: 'nmae', says: ['is not a prop of the props of a fleet', 'did you mean "name"?'] },
]);

catalogue('wrong shapes from untyped callers: synth options', [
  { name: 'options as a folder name', options: 'dist', path: '(input)', says: ['"dist" is not the options of synth (an object)'] },
  { name: 'outdir as a number', options: { outdir: 5 }, path: 'outdir', says: ['5 is not a string'] },
  { name: 'a misspelt option', options: { outDir: 'dist' }, path: 'outDir', says: ['is not a prop of the options of synth', 'did you mean "outdir"?'] },
  { name: 'kubernetes.extend as a string', options: { kubernetes: { extend: 'addLabels' } }, path: 'kubernetes.extend', says: ['"addLabels" is not a function'] },
  { name: 'terraform.backend as a plain object', options: { terraform: { backend: { kind: 'gcs', props: { bucket: 'state' } } } }, path: 'terraform.backend', says: ['{"kind":"gcs","props":{"bucket":"state"}} is not a TerraformBackend', 'TerraformBackend.gcs({ bucket })'] },
  { name: 'terraform.backend as a string', options: { terraform: { backend: 's3' } }, path: 'terraform.backend', says: ['"s3" is not a TerraformBackend'] },
  { name: 'terraform.workers as a string', options: { terraform: { workers: '4' } }, path: 'terraform.workers', says: ['"4" is not a number'] },
  { name: 'terraform.tokenStackTraces as a string', options: { terraform: { tokenStackTraces: 'yes' } }, path: 'terraform.tokenStackTraces', says: ['"yes" is not true or false'] },
  { name: 'karmada as a string', options: { controlPlanes: { karmada: 'yes' } }, path: 'controlPlanes.karmada', says: ['"yes" is not the Karmada options, or true'] },
  { name: 'argoCd as a URL', options: { controlPlanes: { argoCd: 'https://example.com/fleet.git' } }, path: 'controlPlanes.argoCd', says: ['"https://example.com/fleet.git" is not the Argo CD options'] },
  { name: 'argoCd waves of names, not of lists', options: { controlPlanes: { argoCd: { repoUrl: 'https://example.com/fleet.git', waves: ['us-central1'] } } }, path: 'controlPlanes.argoCd.waves[0]', says: ['"us-central1" is not a list of cluster names'] },
  { name: 'karmada clusterNames as a list', options: { controlPlanes: { karmada: { clusterNames: ['member-a'] } } }, path: 'controlPlanes.karmada.clusterNames', says: ['["member-a"] is not an object of member names by cluster name'] },
  { name: 'a misspelt control plane', options: { controlPlanes: { argocd: { repoUrl: 'https://example.com/fleet.git' } } }, path: 'controlPlanes.argocd', says: ['is not a prop of the control-plane options', 'did you mean "argoCd"?'] },
  { name: 'extend as a function in the wrong place', options: { extend: () => undefined }, path: 'extend', says: ['is not a prop of the options of synth'] },
]);

const numbers = (field: string, make: (v: unknown) => Partial<Case>, values: readonly unknown[], path: string, shown: (v: unknown) => string): Case[] =>
  values.map((v) => ({ name: `${field} ${shown(v)}`, path, says: [shown(v)], ...make(v) }) as Case);
const shownNumber = (v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : String(v)) : JSON.stringify(v));

catalogue('numbers out of range, not whole, NaN and Infinity (shown as what they are)', [
  ...numbers('replicas', (v) => ({ app: { replicas: Replicas.perCluster(v as number) } }), [NaN, Infinity, -1, 1.5, 2 ** 31, 1e308], 'apps.web.replicas', shownNumber),
  ...numbers('divided total', (v) => ({ app: { replicas: Replicas.divided(v as number) } }), [NaN, 2 ** 31], 'apps.web.replicas.total', shownNumber),
  ...numbers('override replicas', (v) => ({ app: { overrides: { 'us-central1': { replicas: v } } } }), [-Infinity, 2 ** 40], 'apps.web.overrides.us-central1.replicas', shownNumber),
  ...numbers('containerPort', (v) => ({ app: { containerPort: v } }), [0, 65536, NaN, '8080'], 'apps.web.containerPort', shownNumber),
  ...numbers('nodePort', (v) => ({ app: { nodePort: v } }), [8080, Infinity], 'apps.web.nodePort', shownNumber),
  ...numbers('weight', (v) => ({ cluster: { weight: v } }), [0, NaN, '2'], 'clusters[0].weight', shownNumber),
  ...numbers('readiness period', (v) => ({ app: { readiness: { periodSeconds: v } } }), [0, 2 ** 31, NaN], 'apps.web.readiness.periodSeconds', shownNumber),
  ...numbers('liveness timeout', (v) => ({ app: { liveness: LivenessProbe.tcp({ timeoutSeconds: v as number }) } }), [-1, Infinity], 'apps.web.liveness.timeoutSeconds', shownNumber),
  ...numbers('maxNodes', (v) => ({ cluster: { nodePool: { maxNodes: v } } }), [0, NaN], 'clusters[0].nodePool.maxNodes', shownNumber),
  ...numbers('dns ttl', (v) => ({ fleet: { dns: DnsZone.route53({ zoneName: 'example.com', ttl: v as number }) } }), [-1, 172801, NaN], 'dns.route53.ttl', shownNumber),
  ...numbers('terraform workers', (v) => ({ options: { terraform: { workers: v } } }), [-1, 1.5, NaN], 'terraform.workers', shownNumber),
  ...numbers('runAsUser', (v) => ({ app: { security: { runAsUser: v } } }), [0, -5], 'apps.web.security.runAsUser', shownNumber),
]);

catalogue('names and strings that break a rule', [
  { name: 'cluster name in uppercase', cluster: { name: 'US-Central1' }, path: 'clusters[0].name', says: ['"US-Central1" is not a DNS-1123 label'] },
  { name: 'cluster name of 64 characters', cluster: { name: `a${'b'.repeat(63)}` }, path: 'clusters[0].name', says: [`"a${'b'.repeat(63)}"`] },
  { name: 'empty cluster name', cluster: { name: '' }, path: 'clusters[0].name', says: ['"" is not a DNS-1123 label'] },
  { name: 'cluster name with a dot', cluster: { name: 'us.central1' }, path: 'clusters[0].name', says: ['"us.central1"'] },
  { name: 'cluster name with a slash', cluster: { name: '../etc' }, path: 'clusters[0].name', says: ['"../etc"'] },
  { name: 'cluster name as a number', cluster: { name: 42 }, path: 'clusters[0].name', says: ['42 is not a DNS-1123 label'] },
  { name: 'cluster name __proto__', cluster: { name: '__proto__' }, path: 'clusters[0].name', says: ['"__proto__" is not a DNS-1123 label'] },
  { name: 'app name toString', app: { name: 'toString' }, path: 'apps[0].name', says: ['"toString" is not a DNS-1035 label'] },
  { name: 'app name starting with a digit', app: { name: '1web' }, path: 'apps[0].name', says: ['"1web" is not a DNS-1035 label'] },
  { name: 'app name with unicode', app: { name: 'wéb' }, path: 'apps[0].name', says: ['"wéb"'] },
  { name: 'an unknown cloud', cluster: { cloud: 'azure' }, path: 'clusters[0].cloud', says: ['"azure" is not a supported cloud'] },
  { name: 'cloud constructor', cluster: { cloud: 'constructor' }, path: 'clusters[0].cloud', says: ['"constructor" is not a supported cloud'] },
  { name: 'an unknown region', cluster: { region: 'us-central9' }, path: 'clusters[0].region', says: ['"us-central9" is not a GCP region'] },
  { name: 'region constructor', cluster: { region: 'constructor' }, path: 'clusters[0].region', says: ['"constructor" is not a GCP region'] },
  { name: 'a system namespace', app: { namespace: 'kube-system' }, path: 'apps.web.namespace', says: ['"kube-system" is a system namespace'] },
  { name: 'image latest', app: { image: 'example/web:latest' }, path: 'apps.web.image', says: ['"example/web:latest" uses the tag "latest"'] },
  { name: 'a wildcard host', app: { ingress: { host: '*.example.com' } }, path: 'apps.web.ingress.host', says: ['"*.example.com"'] },
  { name: 'a relative ingress path', app: { ingress: { host: 'web.example.com', path: 'shop' } }, path: 'apps.web.ingress.path', says: ['"shop" must be an absolute URL path'] },
  { name: 'an env name starting with a digit', app: { env: { '1MODE': 'x' } }, path: 'apps.web.env.1MODE', says: ['"1MODE" is not an environment variable name'] },
  { name: 'a label key with a space', cluster: { labels: { 'bad key': 'x' } }, path: 'clusters[0].labels', says: ['key "bad key"'] },
  { name: 'fromCluster of an unknown attribute', app: { env: { X: EnvValue.fromCluster('constructor' as never) } }, path: 'apps.web.env.X', says: ['EnvValue.fromCluster("constructor") reads no attribute of a cluster'] },
  { name: 'fromClusterLabel __proto__', app: { env: { X: EnvValue.fromClusterLabel('__proto__') } }, path: 'apps.web.env.X', says: ['EnvValue.fromClusterLabel("__proto__"): the key is not a label key'] },
  { name: 'fromClusterLabel of a label no cluster has', app: { env: { X: EnvValue.fromClusterLabel('constructor') } }, path: 'apps.web.env.X', says: ['has no label "constructor"'] },
  { name: 'matchLabels with a list', app: { placement: Placement.matchLabels(['geo'] as never) }, path: 'apps.web.placement', says: ['Placement.matchLabels(["geo"])'] },
  { name: 'matchLabels with a bad label value', app: { placement: Placement.matchLabels({ geo: 'e u' }) }, path: 'apps.web.placement.labels.geo', says: ['"e u" is not a label value'] },
  { name: 'placement on constructor, no such cluster', app: { placement: Placement.clusters('constructor') }, path: 'apps.web.placement.clusters[0]', says: ['"constructor" is not a cluster of the fleet'] },
  { name: 'an override of cluster constructor, no such cluster', app: { overrides: { constructor: { replicas: 2 } } }, path: 'apps.web.overrides.constructor', says: ['"constructor" is not a cluster of the fleet'] },
  { name: 'a very long image', app: { image: `example/${'w'.repeat(300)}` }, path: 'apps.web.image', says: ['…', 'no tag or digest'] },
]);

catalogue('routes, names and members given twice', [
  { name: 'two clusters of one name', clusters: [GKE, EKS, { ...EKS, region: 'us-east-1' }], path: 'clusters[2].name', says: ['"eu-west-1" is already the name of clusters[1]'] },
  { name: 'two apps of one name', apps: [APP, { ...APP, nodePort: 30081, ingress: { host: 'other.example.com' } }], path: 'apps[1].name', says: ['"web" is already the name of apps[0]'] },
  { name: '/shop and /shop/ on one host', apps: [{ ...APP, ingress: { host: 'web.example.com', path: '/shop' } }, { ...APP, name: 'shop', nodePort: 30081, ingress: { host: 'web.example.com', path: '/shop/' } }], path: 'apps.shop.ingress', says: ['path "/shop/"', 'already routed to app "web"'] },
  { name: '/shop and //shop on one host', apps: [{ ...APP, ingress: { host: 'web.example.com', path: '//shop' } }, { ...APP, name: 'shop', nodePort: 30081, ingress: { host: 'web.example.com', path: '/shop' } }], path: 'apps.shop.ingress', says: ['path "/shop"', 'already routed to app "web"'] },
  { name: '/ and the default path on one host', apps: [{ ...APP, ingress: { host: 'web.example.com', path: '/' } }, { ...APP, name: 'shop', nodePort: 30081 }], path: 'apps.shop.ingress', says: ['path "/"', 'already routed to app "web"'] },
  { name: 'one NodePort for two apps', apps: [APP, { ...APP, name: 'shop', ingress: { host: 'shop.example.com' } }], path: 'apps.shop.nodePort', says: ['30080 is already used by app "web"'] },
  { name: 'two clusters under one Karmada member name', options: { controlPlanes: { karmada: { clusterNames: { 'us-central1': 'member', 'eu-west-1': 'member' } } } }, path: 'controlPlanes.karmada.clusterNames.us-central1', says: ['"member" is already the Karmada member name of cluster "eu-west-1"'] },
  { name: 'a Karmada member named after another cluster', options: { controlPlanes: { karmada: { clusterNames: { 'us-central1': 'eu-west-1' } } } }, path: 'controlPlanes.karmada.clusterNames.us-central1', says: ['"eu-west-1" is already the Karmada member name of cluster "eu-west-1"'] },
  { name: 'a cluster in two Argo CD waves', options: { controlPlanes: { argoCd: { repoUrl: 'https://example.com/fleet.git', waves: [['us-central1'], ['us-central1']] } } }, path: 'controlPlanes.argoCd.waves[1][0]', says: ['"us-central1" is already in an earlier wave'] },
  { name: 'a zone listed twice', clusters: [GKE, { ...EKS, zones: ['eu-west-1a', 'eu-west-1a'] }], path: 'clusters[1].zones[1]', says: ['"eu-west-1a" is listed twice'] },
  { name: 'a writable path listed twice', app: { security: { writablePaths: ['/tmp', '/tmp'] } }, path: 'apps.web.security.writablePaths[1]', says: ['"/tmp" is listed twice'] },
]);

const backend = (b: unknown): Partial<Case> => ({ options: { terraform: { backend: b } } });
catalogue('Terraform backend settings, by each cloud\'s published rules', [
  { name: 'a GCS bucket with uppercase letters', ...backend(TerraformBackend.gcs({ bucket: 'My_State' })), path: 'terraform.backend.bucket', says: ['"My_State" is not a Cloud Storage bucket name'] },
  { name: 'a GCS bucket of 2 characters', ...backend(TerraformBackend.gcs({ bucket: 'ab' })), path: 'terraform.backend.bucket', says: ['"ab"'] },
  { name: 'a GCS bucket starting with goog', ...backend(TerraformBackend.gcs({ bucket: 'goog-state' })), path: 'terraform.backend.bucket', says: ['"goog-state"'] },
  { name: 'a GCS bucket holding google', ...backend(TerraformBackend.gcs({ bucket: 'my-google-state' })), path: 'terraform.backend.bucket', says: ['"my-google-state"'] },
  { name: 'a GCS bucket that is an IP address', ...backend(TerraformBackend.gcs({ bucket: '192.168.1.1' })), path: 'terraform.backend.bucket', says: ['"192.168.1.1"'] },
  { name: 'a GCS bucket as a number', ...backend(TerraformBackend.gcs({ bucket: 42 as never })), path: 'terraform.backend.bucket', says: ['42 is not a Cloud Storage bucket name'] },
  { name: 'GCS props as null', ...backend(TerraformBackend.gcs(null as never)), path: 'terraform.backend', says: ['null is not the GCS backend props'] },
  { name: 'a GCS prefix with a leading slash', ...backend(TerraformBackend.gcs({ bucket: 'state', prefix: '/fleet' })), path: 'terraform.backend.prefix', says: ['"/fleet" is not a state prefix'] },
  { name: 'an S3 bucket with two dots in a row', ...backend(TerraformBackend.s3({ bucket: 'my..state', region: 'eu-west-1' })), path: 'terraform.backend.bucket', says: ['"my..state" is not an S3 bucket name'] },
  { name: 'an S3 bucket with the xn-- prefix', ...backend(TerraformBackend.s3({ bucket: 'xn--state', region: 'eu-west-1' })), path: 'terraform.backend.bucket', says: ['"xn--state"'] },
  { name: 'an S3 bucket with an underscore', ...backend(TerraformBackend.s3({ bucket: 'my_state', region: 'eu-west-1' })), path: 'terraform.backend.bucket', says: ['"my_state"'] },
  { name: 'an S3 bucket of 64 characters', ...backend(TerraformBackend.s3({ bucket: 's'.repeat(64), region: 'eu-west-1' })), path: 'terraform.backend.bucket', says: [`"${'s'.repeat(64)}"`] },
  { name: 'an S3 region that does not exist', ...backend(TerraformBackend.s3({ bucket: 'state', region: 'eu-west-9' })), path: 'terraform.backend.region', says: ['"eu-west-9" is not an AWS region'] },
  { name: 'an S3 region of the other cloud', ...backend(TerraformBackend.s3({ bucket: 'state', region: 'europe-west1' })), path: 'terraform.backend.region', says: ['"europe-west1" is not an AWS region'] },
  { name: 'an S3 region constructor', ...backend(TerraformBackend.s3({ bucket: 'state', region: 'constructor' })), path: 'terraform.backend.region', says: ['"constructor" is not an AWS region'] },
  { name: 'an S3 key prefix with an empty part', ...backend(TerraformBackend.s3({ bucket: 'state', region: 'eu-west-1', keyPrefix: 'a//b' })), path: 'terraform.backend.keyPrefix', says: ['"a//b" is not a state prefix'] },
  { name: 'an unknown S3 prop', ...backend(TerraformBackend.s3({ bucket: 'state', region: 'eu-west-1', dynamodbTable: 'locks' } as never)), path: 'terraform.backend.dynamodbTable', says: ['is not a prop of the S3 backend props'] },
]);

catalogue('control-plane options against the fleet', [
  { name: 'a Karmada name for an unknown cluster', options: { controlPlanes: { karmada: { clusterNames: { 'us-east1': 'member' } } } }, path: 'controlPlanes.karmada.clusterNames.us-east1', says: ['"us-east1" is not a cluster of the fleet'] },
  { name: 'a Karmada name for cluster constructor, which does not exist', options: { controlPlanes: { karmada: { clusterNames: { constructor: 'member' } } } }, path: 'controlPlanes.karmada.clusterNames.constructor', says: ['"constructor" is not a cluster of the fleet'] },
  { name: 'a Karmada member name that is not a label', options: { controlPlanes: { karmada: { clusterNames: { 'us-central1': 'Member_A' } } } }, path: 'controlPlanes.karmada.clusterNames.us-central1', says: ['"Member_A" is not a DNS-1123 label'] },
  { name: 'an EKS config cluster', options: { controlPlanes: { gkeMultiCluster: { configCluster: 'eu-west-1' } } }, path: 'controlPlanes.gkeMultiCluster.configCluster', says: ['"eu-west-1" is an EKS cluster'] },
  { name: 'an unknown config cluster', options: { controlPlanes: { gkeMultiCluster: { configCluster: 'constructor' } } }, path: 'controlPlanes.gkeMultiCluster.configCluster', says: ['"constructor" is not a cluster of the fleet'] },
  { name: 'an ftp repository', options: { controlPlanes: { argoCd: { repoUrl: 'ftp://example.com/fleet.git' } } }, path: 'controlPlanes.argoCd.repoUrl', says: ['"ftp://example.com/fleet.git" is not a Git repository URL'] },
  { name: 'a wave with an unknown cluster', options: { controlPlanes: { argoCd: { repoUrl: 'https://example.com/fleet.git', waves: [['toString']] } } }, path: 'controlPlanes.argoCd.waves[0][0]', says: ['"toString" is not a cluster of the fleet'] },
]);

describe('every problem in one round', () => {
  it('reports the fleet, the options, the control planes and the backend together', () => {
    const c: Case = {
      name: 'all at once',
      app: { replicas: 3 },
      options: { outDir: 'x', terraform: { backend: TerraformBackend.s3({ bucket: 'Bad', region: 'nowhere' }) }, controlPlanes: { karmada: { clusterNames: { nowhere: 'm' } } } },
      path: 'apps[0].replicas',
      says: ['3 is not a Replicas'],
    };
    const problems = problemsOf(fleetOf(c), c.options);
    assertCase(c, problems);
    for (const p of ['outDir', 'terraform.backend.bucket', 'terraform.backend.region', 'controlPlanes.karmada.clusterNames.nowhere']) {
      assert.ok(problems.some((q) => q.path === p), `a problem at ${p}`);
    }
  });
});

describe('JSON parsed from a file, into the API', () => {
  const file = path.join(__dirname, '..', '..', 'test', 'fixtures', 'hostile', 'fleet.json');
  const fromFile = () => {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { fleet: unknown; clusters: unknown[]; apps: unknown[]; options: Json };
    // Control-plane access is a ControlPlaneAccess, which JSON cannot hold: the program adds it to what it read.
    const fleet = isObject(json.fleet) ? { ...json.fleet, controlPlaneAccess: ControlPlaneAccess.privateOnly() } : json.fleet;
    return { fleet, clusters: json.clusters, apps: json.apps, options: json.options };
  };
  const cases: [string, string, string][] = [
    ['apps[0].containerPort', 'apps.web.containerPort', '"8080" is not a port'],
    ['ingress.inCluster', 'apps.web.ingress.inCluster', '"false" is not an in-cluster Ingress'],
    ['replicas', 'apps[0].replicas', '3 is not a Replicas'],
    ['placement', 'apps[0].placement', '["us-central1"] is not a Placement'],
    ['liveness', 'apps[0].liveness', '{"path":"/live"} is not a Probe'],
    ['args', 'apps[0].args', '"-listen=:8080" is not a list of strings'],
    ['an env var named __proto__ holding an object', 'apps[0].env.__proto__', '{"polluted":true} is not a string or an EnvValue'],
    ['an env value as a number', 'apps[0].env.MODE', '1 is not a string or an EnvValue'],
    ['an override of cluster __proto__', 'apps.web.overrides.__proto__', '"__proto__" is not a cluster of the fleet'],
    ['a label key __proto__', 'clusters[0].labels', 'key "__proto__" is not a label key'],
    ['a weight as a string', 'clusters[1].weight', '"2" is not a valid weight'],
    ['zones as a string', 'clusters[1].zones', '"eu-west-1a" is not a list of strings'],
    ['a backend as plain data', 'terraform.backend', '{"kind":"s3","props":{"bucket":"state","region":"eu-west-1"}} is not a TerraformBackend'],
    ['workers as a string', 'terraform.workers', '"4" is not a number'],
    ['karmada as a string', 'controlPlanes.karmada', '"yes" is not the Karmada options, or true'],
    ['waves of names', 'controlPlanes.argoCd.waves[0]', '"us-central1" is not a list of cluster names'],
  ];
  let problems: readonly Problem[] = [];
  before(() => {
    const json = fromFile();
    problems = problemsOf(fleetOf({ name: 'json', path: '', says: [], fleet: json.fleet, clusters: json.clusters, apps: json.apps }), json.options);
  });
  for (const [name, at, says] of cases) {
    it(`reports ${name} at ${at}`, () => assertCase({ name, path: at, says: [says] }, problems));
  }
  it('leaves Object.prototype alone', () => {
    assert.equal(({} as Json).polluted, undefined);
    assert.equal(({} as Json).replicas, undefined);
  });
});


catalogue('required parts of an object left out', [
  { name: 'an existing VPC without subnets', clusters: [GKE, { ...EKS, eks: { existingVpc: { vpcId: 'vpc-0123456789abcdef0' } } }], path: 'clusters[1].eks.existingVpc.privateSubnetIds', says: ['is required'] },
  { name: 'an existing VPC with undefined subnets', clusters: [GKE, { ...EKS, eks: { existingVpc: { vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: undefined, publicSubnetIds: [] } } }], path: 'clusters[1].eks.existingVpc.privateSubnetIds', says: ['is required'] },
  { name: 'an app without a name', apps: [{ ...APP, name: undefined }], path: 'apps[0].name', says: ['undefined is not a DNS-1035 label'] },
  { name: 'a cluster without a region', cluster: { region: undefined }, path: 'clusters[0].region', says: ['undefined is not a GCP region'] },
  { name: 'an S3 backend without a region', options: { terraform: { backend: TerraformBackend.s3({ bucket: 'state' } as never) } }, path: 'terraform.backend.region', says: ['undefined is not an AWS region'] },
]);
