import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { AppPlan } from '../model/plan';

/** JSON Pointer escaping of a map key (RFC 6901): `~` and `/` are escaped. */
function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * What cdk8s-plus-27 has no props for, added to the Deployment through its escape hatch (JSON patches on the
 * ApiObject), so the output meets the restricted Pod Security Standard and the scanners' rules:
 * - seccomp `RuntimeDefault` for the pod and the container (PSS restricted, CKV_K8S_31, KSV-0030);
 * - every Linux capability dropped (PSS restricted, CKV_K8S_37, KSV-0003);
 * - topology spread over zones (and nodes), keyed on the selector (kube-score, Polaris);
 * - no `cdk8s.io/metadata.addr` pod label: cdk8s-plus derives it from the construct path, which differs
 *   between clusters and would change the pods of every cluster whenever the construct tree changes.
 *   Selection uses the app's identity labels only.
 */
export function hardenPodTemplate(deployment: kplus.Deployment, app: AppPlan): void {
  const spec = '/spec/template/spec';
  const container = `${spec}/containers/0`;
  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...app.selector } },
    // Spread only the pods of the current revision, so a rollout does not skew on the old ones.
    matchLabelKeys: ['pod-template-hash'],
  });
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.remove(`/spec/template/metadata/labels/${pointerKey(kplus.Pod.ADDRESS_LABEL)}`),
    JsonPatch.add(`${spec}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }),
    JsonPatch.add(`${container}/securityContext/seccompProfile`, { type: 'RuntimeDefault' }),
    JsonPatch.add(`${container}/securityContext/capabilities`, { drop: ['ALL'] }),
    JsonPatch.add(`${spec}/topologySpreadConstraints`, [
      spread('topology.kubernetes.io/zone'),
      spread('kubernetes.io/hostname'),
    ]),
  );
}
