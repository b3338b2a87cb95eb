import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyJsonPatch, applyMergePatch } from './json-patch';
import { DNS_SUBDOMAIN_RULE, isDnsSubdomain } from './kubernetes-names';
import type { KubernetesObject, ManifestPatch, ManifestSetPlan, ManifestsProps, ObjectReference } from './manifests';
import { DNS_LABEL_RULE, isDnsLabel } from './names';
import { Placement } from './placement';
import type { ClusterPlan, WorkloadPlan } from './plan';
import { show, type Problems } from './problems';
import { didYouMean } from './suggest';

/** The cluster-scoped kinds of the Kubernetes 1.33 API (`kubectl api-resources --namespaced=false`). */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'CustomResourceDefinition', 'APIService', 'TokenReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SelfSubjectReview',
  'SubjectAccessReview', 'CertificateSigningRequest', 'ClusterTrustBundle', 'FlowSchema', 'PriorityLevelConfiguration', 'IngressClass',
  'RuntimeClass', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment',
  'VolumeAttributesClass', 'IPAddress', 'ServiceCIDR', 'DeviceClass', 'ResourceSlice',
]);

// The `yaml` copy that cdk8s bundles (as lib/output/yaml.ts uses): no dependency of our own.
function parseYamlDocuments(text: string): { objects: unknown[]; errors: string[] } {
  const yaml: typeof import('yaml') = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s/package.json'))] }));
  const documents = yaml.parseAllDocuments(text);
  const errors = documents.flatMap((d, i) => d.errors.map((e) => `document ${i + 1}: ${e.message.split('\n')[0]}`));
  return { objects: documents.map((d) => d.toJS()), errors };
}

const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `group/Kind/namespace/name`: what the API server keys an object by. */
export function objectIdentity(o: KubernetesObject): string {
  const apiVersion = String(o.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const metadata = o.metadata as Record<string, unknown>;
  return `${group}/${String(o.kind)}/${metadata.namespace ?? ''}/${String(metadata.name)}`;
}

/**
 * Checks and resolves the manifest sets: reads their files, places them, applies each cluster's patches, and
 * validates every object as it will be written (API version, kind, name, the namespace of namespaced kinds, no
 * Secret values, no two objects of one identity in a cluster, including the apps' own objects). Reports every problem.
 */
export function planManifests(declared: readonly ManifestsProps[], clusters: readonly ClusterPlan[], workloads: readonly WorkloadPlan[], problems: Problems): ManifestSetPlan[] {
  const plans: ManifestSetPlan[] = [];
  const seen = new Map<string, number>();
  declared.forEach((props, i) => {
    if (!problems.check(isDnsLabel(props.name), `manifests[${i}].name`, `${show(props.name)} is not ${DNS_LABEL_RULE}`)) return;
    const first = seen.get(props.name);
    if (!problems.check(first === undefined, `manifests[${i}].name`, `${show(props.name)} is already the name of manifests[${first}]; manifest set names must be unique`)) return;
    seen.set(props.name, i);
    const plan = planSet(props, clusters, problems);
    if (plan) plans.push(plan);
  });
  checkIdentities(plans, workloads, problems);
  return plans.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function readSource(props: ManifestsProps, at: string, problems: Problems): unknown[] | undefined {
  const spec = props.source?.spec;
  if (!problems.check(spec !== undefined, `${at}.source`, `${show(props.source)} is not a ManifestSource; use ManifestSource.fromObjects([...]) or ManifestSource.fromFile(path)`)) return undefined;
  if (spec.kind === 'objects') return [...spec.objects];
  let text: string;
  try {
    text = fs.readFileSync(spec.path, 'utf8');
  } catch (e) {
    problems.add(`${at}.source`, `cannot read ${show(spec.path)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return undefined;
  }
  const { objects, errors } = parseYamlDocuments(text);
  for (const error of errors) problems.add(`${at}.source`, `${spec.path} is not valid YAML: ${error}`);
  return errors.length > 0 ? undefined : objects.filter((o) => o !== null && o !== undefined);
}

function planSet(props: ManifestsProps, clusters: readonly ClusterPlan[], problems: Problems): ManifestSetPlan | undefined {
  const at = `manifests.${props.name}`;
  const read = readSource(props, at, problems);
  if (!read) return undefined;
  const clusterScoped = new Set([...CLUSTER_SCOPED_KINDS, ...(props.clusterScopedKinds ?? [])]);
  if (props.namespace !== undefined) problems.check(isDnsLabel(props.namespace), `${at}.namespace`, `${show(props.namespace)} is not ${DNS_LABEL_RULE}`);
  // The declared objects, with the set's namespace where a namespaced object names none.
  const objects = read.flatMap((o, j) => {
    if (!problems.check(isObject(o), `${at}.objects[${j}]`, `${show(o)} is not a Kubernetes object`)) return [];
    const object = structuredClone(o) as Record<string, any>;
    if (isObject(object.metadata) && object.metadata.namespace === undefined && props.namespace !== undefined && !clusterScoped.has(object.kind)) {
      object.metadata = { ...object.metadata, namespace: props.namespace };
    }
    return [object];
  });

  const placement = props.placement ?? Placement.all();
  const known = clusters.map((c) => c.name);
  if (placement.spec.kind === 'clusters') {
    placement.spec.names.forEach((name, j) => problems.check(known.includes(name), `${at}.placement.clusters[${j}]`, `${show(name)} is not a cluster of the fleet${didYouMean(name, known)}; clusters: ${known.join(', ')}`));
  }
  const placed = clusters.filter((c) => placement.selects(c.name, c.labels));
  problems.check(placed.length > 0, `${at}.placement`, `${placement} matches no cluster`);
  for (const cluster of Object.keys(props.overrides ?? {})) {
    if (!problems.check(known.includes(cluster), `${at}.overrides.${cluster}`, `${show(cluster)} is not a cluster of the fleet${didYouMean(cluster, known)}; clusters: ${known.join(', ')}`)) continue;
    problems.check(placed.some((c) => c.name === cluster), `${at}.overrides.${cluster}`, `the set is not placed on cluster ${show(cluster)} (placement: ${placement}); remove the override or add the cluster to the placement`);
  }

  const unpatched = objects.map((o, j) => ({ object: o, path: `${at}.objects[${j}]` }));
  unpatched.forEach(({ object, path }) => validateObject(object, path, clusterScoped, problems));
  const perCluster = placed.map((cluster) => {
    const patched = unpatched.map((u) => ({ ...u, object: u.object as KubernetesObject }));
    (props.overrides?.[cluster.name] ?? []).forEach((patch, k) => {
      const path = `${at}.overrides.${cluster.name}[${k}]`;
      const target = findTarget(patch, patched.map((p) => p.object), path, problems);
      if (target === undefined) return;
      try {
        const spec = patch.spec;
        const object = spec.kind === 'json' ? applyJsonPatch(patched[target].object, spec.operations) : applyMergePatch(patched[target].object, spec.patch);
        patched[target] = { object, path };
      } catch (e) {
        problems.add(path, `cannot be applied to ${describe(patched[target].object)}: ${(e as Error).message}`);
      }
    });
    // A patched object is checked again, at its patch.
    patched.forEach(({ object, path }, j) => {
      if (object !== unpatched[j].object) validateObject(object, path, clusterScoped, problems);
    });
    return { cluster: cluster.name, objects: patched.map((p) => p.object) };
  });
  const scoped = [...new Set(objects.filter((o) => clusterScoped.has(o.kind)).map((o) => `${o.apiVersion}/${o.kind}`))].sort();
  return { name: props.name, clusters: perCluster, clusterScoped: scoped };
}

function describe(o: KubernetesObject): string {
  const metadata = isObject(o.metadata) ? o.metadata : {};
  return `${String(o.kind)} ${metadata.namespace ? `${metadata.namespace}/` : ''}${String(metadata.name)}`;
}

function findTarget(patch: ManifestPatch, objects: readonly KubernetesObject[], path: string, problems: Problems): number | undefined {
  const target: ObjectReference | undefined = patch?.spec?.target;
  if (!problems.check(isObject(target), path, `${show(patch)} is not a ManifestPatch; use ManifestPatch.json(target, operations) or ManifestPatch.merge(target, patch)`)) return undefined;
  const matches = objects.flatMap((o, j) => {
    const metadata = isObject(o.metadata) ? o.metadata : {};
    const ok = o.kind === target!.kind && metadata.name === target!.name
      && (target!.namespace === undefined || metadata.namespace === target!.namespace)
      && (target!.apiVersion === undefined || o.apiVersion === target!.apiVersion);
    return ok ? [j] : [];
  });
  const wanted = `${target!.kind} ${target!.namespace ? `${target!.namespace}/` : ''}${target!.name}`;
  if (matches.length === 0) {
    problems.add(`${path}.target`, `${wanted} is not an object of the set; its objects: ${objects.map(describe).join(', ')}`);
    return undefined;
  }
  if (!problems.check(matches.length === 1, `${path}.target`, `${wanted} matches ${matches.length} objects of the set; give its namespace or apiVersion`)) return undefined;
  return matches[0];
}

const KIND = /^[A-Z][A-Za-z0-9]*$/;
const API_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;

function validateObject(o: Record<string, any>, path: string, clusterScoped: ReadonlySet<string>, problems: Problems): void {
  problems.check(typeof o.apiVersion === 'string' && API_VERSION.test(o.apiVersion), `${path}.apiVersion`, `${show(o.apiVersion)} is not an API version such as "v1" or "apps/v1"`);
  const kindOk = problems.check(typeof o.kind === 'string' && KIND.test(o.kind), `${path}.kind`, `${show(o.kind)} is not a kind such as "ConfigMap"`);
  if (!problems.check(isObject(o.metadata), `${path}.metadata`, `${show(o.metadata)} is not an object with a name`)) return;
  const { name, namespace } = o.metadata;
  // RBAC names may hold ':' (e.g. "system:aggregate-to-view"); every other name is a DNS-1123 subdomain.
  const rbac = typeof o.apiVersion === 'string' && o.apiVersion.startsWith('rbac.authorization.k8s.io/');
  problems.check(isDnsSubdomain(rbac && typeof name === 'string' ? name.replace(/:/g, '-') : name), `${path}.metadata.name`, `${show(name)} is not ${DNS_SUBDOMAIN_RULE}`);
  if (!kindOk) return;
  if (clusterScoped.has(o.kind)) {
    problems.check(namespace === undefined, `${path}.metadata.namespace`, `${show(namespace)}: ${o.kind} is cluster-scoped and has no namespace`);
  } else if (namespace === undefined) {
    problems.add(`${path}.metadata.namespace`, `is required: ${o.kind} is namespaced; name the namespace, or give the set a namespace (or list ${o.kind} in clusterScopedKinds if it is a cluster-scoped custom resource)`);
  } else {
    problems.check(isDnsLabel(namespace), `${path}.metadata.namespace`, `${show(namespace)} is not ${DNS_LABEL_RULE}`);
  }
  if (o.kind === 'Secret' && o.apiVersion === 'v1') {
    problems.check(o.data === undefined && o.stringData === undefined, path, `Secret ${show(name)} holds values, which would be written to the output in the clear; create it out of band or with a secrets operator (e.g. an ExternalSecret in the set), and reference it by name`);
  }
}

/** No two objects of one identity in a cluster: across sets, and against the apps' own objects there. */
function checkIdentities(plans: readonly ManifestSetPlan[], workloads: readonly WorkloadPlan[], problems: Problems): void {
  const owners = new Map<string, string>();
  for (const w of workloads) {
    const app = w.app;
    owners.set(`${w.cluster.name}|/Namespace//${app.namespace}`, `the namespace of app "${app.name}"`);
    for (const [group, kind] of [['apps', 'Deployment'], ['', 'Service'], ['policy', 'PodDisruptionBudget'], ['autoscaling', 'HorizontalPodAutoscaler'], ['networking.k8s.io', 'NetworkPolicy'], ['networking.k8s.io', 'Ingress']]) {
      owners.set(`${w.cluster.name}|${group}/${kind}/${app.namespace}/${app.name}`, `app "${app.name}"`);
    }
    for (const c of w.configMaps) owners.set(`${w.cluster.name}|/ConfigMap/${app.namespace}/${c.objectName}`, `app "${app.name}"`);
  }
  for (const plan of plans) {
    for (const { cluster, objects } of plan.clusters) {
      objects.forEach((o, j) => {
        if (!isObject(o.metadata) || typeof o.kind !== 'string') return;
        const key = `${cluster}|${objectIdentity(o)}`;
        const owner = owners.get(key);
        problems.check(owner === undefined, `manifests.${plan.name}.objects[${j}]`, `${describe(o)} is already an object of ${owner} in cluster "${cluster}"; one identity (group, kind, namespace, name) per cluster`);
        if (owner === undefined) owners.set(key, `manifest set "${plan.name}"`);
      });
    }
  }
}
