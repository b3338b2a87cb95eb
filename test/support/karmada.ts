/*
 * A model of what Karmada propagates to one member cluster, for the objects our Karmada output uses
 * (https://karmada.io/docs/userguide/scheduling/resource-propagating, .../override-policy):
 * - a PropagationPolicy places its selected templates on `placement.clusterAffinity.clusterNames`;
 * - Divided scheduling with static weights gives each cluster floor(weight × replicas / sum of weights), then the
 *   remainder one replica at a time to the clusters in order of weight (heaviest first), then name, as Karmada's
 *   scheduler does (pkg/scheduler/core: static weight division);
 * - OverridePolicy rules whose targetCluster names the cluster apply their plaintext overriders, JSON patch
 *   operations, in order, to the selected resources of the policy's namespace.
 * Karmada's own bookkeeping (labels and annotations it adds on members) is not modelled.
 */

type Manifest = Record<string, any>;
const POLICY_API = 'policy.karmada.io/v1alpha1';

/** Karmada's division of `replicas` over static weights. */
export function divideByStaticWeights(replicas: number, weights: readonly { cluster: string; weight: number }[]): Map<string, number> {
  const sorted = [...weights].sort((a, b) => b.weight - a.weight || (a.cluster < b.cluster ? -1 : 1));
  const sum = sorted.reduce((n, w) => n + w.weight, 0);
  const shares = new Map(sorted.map((w) => [w.cluster, Math.floor((w.weight * replicas) / sum)]));
  let left = replicas - [...shares.values()].reduce((a, b) => a + b, 0);
  for (const w of sorted) {
    if (left === 0) break;
    shares.set(w.cluster, shares.get(w.cluster)! + 1);
    left--;
  }
  return shares;
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Applies one plaintext overrider (a JSON patch operation) to `doc` in place. */
function applyOperation(doc: Manifest, op: { path: string; operator: string; value?: unknown }): void {
  const tokens = op.path.split('/').slice(1).map(unescape);
  const last = tokens.pop()!;
  let parent: any = doc;
  for (const t of tokens) parent = Array.isArray(parent) ? parent[Number(t)] : parent[t];
  if (parent === undefined) throw new Error(`Karmada could not apply ${op.operator} ${op.path}: no such parent`);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (op.operator === 'add') parent.splice(index, 0, structuredClone(op.value));
    else if (op.operator === 'replace') parent[index] = structuredClone(op.value);
    else parent.splice(index, 1);
  } else if (op.operator === 'remove') {
    if (!(last in parent)) throw new Error(`Karmada could not remove ${op.path}: no such field`);
    delete parent[last];
  } else {
    if (op.operator === 'replace' && !(last in parent)) throw new Error(`Karmada could not replace ${op.path}: no such field`);
    parent[last] = structuredClone(op.value);
  }
}

const selects = (selector: Manifest, o: Manifest) => selector.apiVersion === o.apiVersion && selector.kind === o.kind && selector.name === o.metadata.name;

/** The objects Karmada creates in `cluster` from the templates and policies of `objects` (Namespaces aside). */
export function propagatedTo(objects: readonly Manifest[], cluster: string): Manifest[] {
  const templates = objects.filter((o) => o.apiVersion !== POLICY_API && o.kind !== 'Namespace');
  const policies = (kind: string) => objects.filter((o) => o.apiVersion === POLICY_API && o.kind === kind);
  const result: Manifest[] = [];
  // Cluster-scoped policies select cluster-scoped templates (no namespace on either).
  for (const policy of [...policies('PropagationPolicy'), ...policies('ClusterPropagationPolicy')]) {
    const placement = policy.spec.placement;
    if (!placement.clusterAffinity.clusterNames.includes(cluster)) continue;
    for (const selector of policy.spec.resourceSelectors) {
      const template = templates.find((t) => selects(selector, t) && t.metadata.namespace === policy.metadata.namespace);
      if (!template) throw new Error(`${policy.metadata.name} selects ${selector.kind}/${selector.name}, which has no template`);
      const object = structuredClone(template);
      if (placement.replicaScheduling?.replicaSchedulingType === 'Divided' && object.spec?.replicas !== undefined) {
        const weights = placement.replicaScheduling.weightPreference.staticWeightList.map((w: Manifest) => ({ cluster: w.targetCluster.clusterNames[0], weight: w.weight }));
        object.spec.replicas = divideByStaticWeights(object.spec.replicas, weights).get(cluster) ?? 0;
      }
      result.push(object);
    }
  }
  for (const object of result) {
    for (const policy of [...policies('OverridePolicy'), ...policies('ClusterOverridePolicy')]) {
      if (policy.metadata.namespace !== object.metadata.namespace || !policy.spec.resourceSelectors.some((s: Manifest) => selects(s, object))) continue;
      for (const rule of policy.spec.overrideRules) {
        if (!rule.targetCluster.clusterNames.includes(cluster)) continue;
        for (const op of rule.overriders.plaintext ?? []) applyOperation(object, op);
      }
    }
  }
  return result;
}
