import { namespacesOf } from '../../kubernetes/cluster-chart';
import { renderNamespaceObjects, renderWorkloadObjects } from '../../kubernetes/kubernetes-renderer';
import type { AppPlan, FleetPlan, ManifestSetPlan, WorkloadPlan } from '../../model';
import { boundedName } from '../../model/names';
import type { OutputFile } from '../../output/output-file';
import { stringifyYaml } from '../../output/yaml';
import type { ResolvedControlPlanes } from '../control-planes';
import { plaintextOverriders } from './plaintext-overriders';

const POLICY_API = 'policy.karmada.io/v1alpha1';
/** Karmada's label on a resource template whose replicas each member cluster keeps (here: its autoscaler's). */
export const RETAIN_REPLICAS_LABEL = 'resourcetemplate.karmada.io/retain-replicas';
type Manifest = Record<string, any>;

/**
 * The fleet for Karmada: each app's resource templates once, a PropagationPolicy that places them on the app's
 * clusters, and an OverridePolicy per kind of object with a rule for each cluster whose objects differ from the
 * template, so that what Karmada propagates to a cluster is that cluster's direct output (`kubernetes/<cluster>/`).
 *
 * - Replicas: `Replicas.perCluster` apps are Duplicated; `Replicas.divided` apps are Divided with static weights
 *   equal to the replicas the plan gives each cluster. Karmada divides a total by static weights in proportion
 *   (floor, then the remainder one by one), so weights that sum to the total reproduce the plan exactly, including
 *   its per-cluster minimum, which static weights alone cannot express.
 * - An object that is not in every cluster of the app (a PodDisruptionBudget, only where a cluster runs more than
 *   one replica) has a policy of its own, placed on the clusters that have it.
 * - Namespaces are in `00-namespaces.yaml`; Karmada propagates namespaces to every member cluster by itself.
 * - Every difference is a plaintext overrider (a JSON patch operation): cluster-derived env values, images,
 *   replicas of Duplicated apps, resources, the Service's cloud annotations and type.
 * - Objects that escape hatches (`kubernetes.extend`) add or change are not part of it.
 */
export function* renderKarmada(plan: FleetPlan, options: NonNullable<ResolvedControlPlanes['karmada']>): Generator<OutputFile> {
  const namespaces = namespacesOf(plan.apps.flatMap((a) => plan.workloadsOf(a.name)));
  if (namespaces.length > 0) yield { path: '00-namespaces.yaml', content: stringifyYaml(renderNamespaceObjects(plan, namespaces)) };
  // Equal specs give equal objects (see WorkloadSpec): one render per distinct spec.
  const rendered = new Map<string, Manifest[]>();
  const objectsOf = (w: WorkloadPlan): Manifest[] => {
    const { cluster: _cluster, app, ...values } = w;
    const key = JSON.stringify([app.name, values]);
    let objects = rendered.get(key);
    if (!objects) rendered.set(key, (objects = renderWorkloadObjects(w)));
    return objects;
  };
  for (const app of plan.apps) {
    const workloads = plan.workloadsOf(app.name);
    if (workloads.length === 0) continue;
    const member = (w: WorkloadPlan) => options.clusterNames[w.cluster.name];
    const byCluster = new Map(workloads.map((w) => [w, objectsOf(w)]));
    yield { path: `app-${app.name}.yaml`, content: stringifyYaml(appPolicies(app, byCluster, member)) };
  }
  for (const set of plan.manifests) {
    yield { path: `manifest-${set.name}.yaml`, content: stringifyYaml(manifestPolicies(plan, set, (c) => options.clusterNames[c])) };
  }
}

/**
 * The templates and policies of a manifest set: the first cluster's objects (by name) as templates, a
 * PropagationPolicy per namespace (a ClusterPropagationPolicy for cluster-scoped objects) placing them on the set's
 * clusters, and an OverridePolicy (ClusterOverridePolicy) per object that differs in some cluster.
 */
function manifestPolicies(plan: FleetPlan, set: ManifestSetPlan, member: (cluster: string) => string): Manifest[] {
  const [first, ...rest] = set.clusters;
  const templates = first.objects.map((o) => structuredClone(o) as Manifest);
  const clusterNames = set.clusters.map((c) => member(c.cluster)).sort();
  const labels = { 'app.kubernetes.io/part-of': plan.name, 'app.kubernetes.io/managed-by': 'cdk-fleet' };
  const selector = (o: Manifest) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name });
  const namespaces = [...new Set(templates.map((t) => t.metadata.namespace ?? ''))].sort();
  const policies: Manifest[] = namespaces.map((ns) => ({
    apiVersion: POLICY_API,
    kind: ns ? 'PropagationPolicy' : 'ClusterPropagationPolicy',
    metadata: { name: `manifest-${set.name}`, ...(ns ? { namespace: ns } : {}), labels },
    spec: { resourceSelectors: templates.filter((t) => (t.metadata.namespace ?? '') === ns).map(selector), placement: { clusterAffinity: { clusterNames } } },
  }));
  templates.forEach((template, i) => {
    const rules = [first, ...rest]
      .map((c) => ({ cluster: member(c.cluster), overriders: plaintextOverriders(template, c.objects[i]) }))
      .filter((r) => r.overriders.length > 0)
      .sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
    if (rules.length === 0) return;
    const ns = template.metadata.namespace;
    const objectName = String(template.metadata.name).replace(/[^a-z0-9-]/g, '-');
    policies.push({
      apiVersion: POLICY_API,
      kind: ns ? 'OverridePolicy' : 'ClusterOverridePolicy',
      metadata: { name: boundedName([`manifest-${set.name}`, String(template.kind).toLowerCase(), objectName], 253), ...(ns ? { namespace: ns } : {}), labels },
      spec: {
        resourceSelectors: [selector(template)],
        overrideRules: rules.map((r) => ({ targetCluster: { clusterNames: [r.cluster] }, overriders: { plaintext: r.overriders } })),
      },
    });
  });
  return [...templates, ...policies];
}

function identity(o: Manifest): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata.name}`;
}

/** The templates and policies of one app. */
function appPolicies(app: AppPlan, byCluster: Map<WorkloadPlan, Manifest[]>, member: (w: WorkloadPlan) => string): Manifest[] {
  // An autoscaled app is Duplicated: each member scales within the bounds of its own HorizontalPodAutoscaler.
  const divided = app.replicas.kind === 'divided' && !app.autoscaling;
  // The template of each object: the first cluster's (by name) that has it; replicas are the declared ones.
  const templates = new Map<string, Manifest>();
  for (const objects of byCluster.values()) {
    for (const o of objects) if (!templates.has(identity(o))) templates.set(identity(o), structuredClone(o));
  }
  for (const t of templates.values()) {
    if (t.kind !== 'Deployment') continue;
    if (app.autoscaling) {
      // Each member's autoscaler owns its replicas: Karmada keeps the member's value for a template with this
      // label (pkg/resourceinterpreter/default/native/retain.go, RetainReplicasLabel).
      t.metadata.labels = { ...t.metadata.labels, [RETAIN_REPLICAS_LABEL]: 'true' };
    } else {
      t.spec.replicas = app.replicas.kind === 'divided' ? app.replicas.total : app.replicas.count;
    }
  }
  const selector = (o: Manifest) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name });
  const placedOn = (key: string) => [...byCluster].filter(([, objects]) => objects.some((o) => identity(o) === key)).map(([w]) => member(w)).sort();
  const everywhere = [...byCluster.keys()].map(member).sort();
  // An object that is not in every cluster (a disruption budget where a cluster runs one replica) has a policy of its own.
  const isPartial = (key: string) => JSON.stringify(placedOn(key)) !== JSON.stringify(everywhere);
  const partial = [...templates].filter(([k]) => isPartial(k));
  const whole = [...templates].filter(([k]) => !isPartial(k));
  const policies: Manifest[] = [];
  const metadata = (name: string) => ({ name, namespace: app.namespace, labels: { ...app.labels } });

  const overrides: Manifest[] = [];
  const overrideOf = new Map<string, string>();
  for (const [key, template] of templates) {
    const rules = [...byCluster]
      .map(([w, objects]) => {
        const actual = objects.find((o) => identity(o) === key);
        // Divided replicas are the scheduler's: the weights give each cluster its share.
        const ignore = divided && template.kind === 'Deployment' ? ['/spec/replicas'] : [];
        // The retain label is Karmada's, on the template only: members keep it.
        if (app.autoscaling && template.kind === 'Deployment') ignore.push(`/metadata/labels/${RETAIN_REPLICAS_LABEL.replace('/', '~1')}`);
        return { cluster: member(w), overriders: actual ? plaintextOverriders(template, actual, ignore) : [] };
      })
      .filter((r) => r.overriders.length > 0)
      .sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
    if (rules.length === 0) continue;
    overrideOf.set(key, `${app.name}-${template.kind.toLowerCase()}`);
    overrides.push({
      apiVersion: POLICY_API,
      kind: 'OverridePolicy',
      metadata: metadata(`${app.name}-${template.kind.toLowerCase()}`),
      spec: {
        resourceSelectors: [selector(template)],
        overrideRules: rules.map((r) => ({ targetCluster: { clusterNames: [r.cluster] }, overriders: { plaintext: r.overriders } })),
      },
    });
  }
  /*
   * - dependentOverrides: Karmada applies a PropagationPolicy only once the OverridePolicies it names exist, so a
   *   member never gets the bare template first (another image, replica count or env) and then rolls again when
   *   the override lands (https://karmada.io/docs/userguide/scheduling/override-policy: "dependentOverrides").
   * - conflictResolution Overwrite: the documented path applies the same objects with kubectl or Argo CD first;
   *   under the default Abort, Karmada refuses to take over an object that already exists in a member
   *   (https://karmada.io/docs/userguide/migration/promote-legacy-workload). The objects are ours, with the same
   *   names and content, so Karmada takes them over.
   */
  const propagationRules = (keys: readonly string[]) => {
    const dependent = keys.map((k) => overrideOf.get(k)).filter((n): n is string => n !== undefined).sort();
    return { conflictResolution: 'Overwrite', ...(dependent.length > 0 ? { dependentOverrides: dependent } : {}) };
  };

  policies.push({
    apiVersion: POLICY_API,
    kind: 'PropagationPolicy',
    metadata: metadata(app.name),
    spec: {
      resourceSelectors: whole.map(([, template]) => selector(template)),
      ...propagationRules(whole.map(([key]) => key)),
      placement: {
        clusterAffinity: { clusterNames: everywhere },
        replicaScheduling: divided
          ? {
            replicaSchedulingType: 'Divided',
            replicaDivisionPreference: 'Weighted',
            weightPreference: { staticWeightList: [...byCluster.keys()].map((w) => ({ targetCluster: { clusterNames: [member(w)] }, weight: w.replicas })) },
          }
          : { replicaSchedulingType: 'Duplicated' },
      },
    },
  });
  for (const [key, template] of partial) {
    policies.push({
      apiVersion: POLICY_API,
      kind: 'PropagationPolicy',
      metadata: metadata(`${app.name}-${template.kind.toLowerCase()}`),
      spec: { resourceSelectors: [selector(template)], ...propagationRules([key]), placement: { clusterAffinity: { clusterNames: placedOn(key) } } },
    });
  }

  // The overrides first: one `kubectl apply` of the file creates them before the policies that depend on them.
  return [...templates.values(), ...overrides, ...policies];
}
