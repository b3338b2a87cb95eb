import { namespacesOf } from '../../kubernetes/cluster-chart';
import { renderNamespaceObjects, renderWorkloadObjects } from '../../kubernetes/kubernetes-renderer';
import type { AppPlan, FleetPlan, WorkloadPlan } from '../../model';
import type { OutputFile } from '../../output/output-file';
import { stringifyYaml } from '../../output/yaml';
import type { ResolvedControlPlanes } from '../control-planes';
import { plaintextOverriders } from './plaintext-overriders';

const POLICY_API = 'policy.karmada.io/v1alpha1';
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
}

function identity(o: Manifest): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata.name}`;
}

/** The templates and policies of one app. */
function appPolicies(app: AppPlan, byCluster: Map<WorkloadPlan, Manifest[]>, member: (w: WorkloadPlan) => string): Manifest[] {
  const divided = app.replicas.kind === 'divided';
  // The template of each object: the first cluster's (by name) that has it; replicas are the declared ones.
  const templates = new Map<string, Manifest>();
  for (const objects of byCluster.values()) {
    for (const o of objects) if (!templates.has(identity(o))) templates.set(identity(o), structuredClone(o));
  }
  for (const t of templates.values()) {
    if (t.kind === 'Deployment') t.spec.replicas = app.replicas.kind === 'divided' ? app.replicas.total : app.replicas.count;
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

  policies.push({
    apiVersion: POLICY_API,
    kind: 'PropagationPolicy',
    metadata: metadata(app.name),
    spec: {
      resourceSelectors: whole.map(([, template]) => selector(template)),
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
      spec: { resourceSelectors: [selector(template)], placement: { clusterAffinity: { clusterNames: placedOn(key) } } },
    });
  }

  for (const [key, template] of templates) {
    const rules = [...byCluster]
      .map(([w, objects]) => {
        const actual = objects.find((o) => identity(o) === key);
        // Divided replicas are the scheduler's: the weights give each cluster its share.
        const ignore = divided && template.kind === 'Deployment' ? ['/spec/replicas'] : [];
        return { cluster: member(w), overriders: actual ? plaintextOverriders(template, actual, ignore) : [] };
      })
      .filter((r) => r.overriders.length > 0)
      .sort((a, b) => (a.cluster < b.cluster ? -1 : 1));
    if (rules.length === 0) continue;
    policies.push({
      apiVersion: POLICY_API,
      kind: 'OverridePolicy',
      metadata: metadata(`${app.name}-${template.kind.toLowerCase()}`),
      spec: {
        resourceSelectors: [selector(template)],
        overrideRules: rules.map((r) => ({ targetCluster: { clusterNames: [r.cluster] }, overriders: { plaintext: r.overriders } })),
      },
    });
  }
  return [...templates.values(), ...policies];
}
