/*
 * Strict validation of Kubernetes manifests against the Kubernetes OpenAPI schema, as `kubeconform -strict`
 * does: types, formats and required fields with `kubernetes-models` (ajv validators generated from the
 * Kubernetes OpenAPI spec), and unknown fields with the attribute maps that `@kubernetes/client-node`
 * generates from the same spec (kubernetes-models allows additional properties). Both packages track the
 * Kubernetes 1.33 API; cdk8s-plus-27 writes the 1.27 API, a subset of it.
 */

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}
type Models = Record<string, { attributeTypeMap?: readonly Attribute[] } | undefined>;

// Both packages are ES modules; tsconfig's node16 module mode keeps these dynamic imports as real `import()`.
let models: Promise<Models> | undefined;
function clientModels(): Promise<Models> {
  models ??= import('@kubernetes/client-node/dist/gen/models/all.js') as unknown as Promise<Models>;
  return models;
}

/** The client-node model of an API object, e.g. `V1Deployment` for apps/v1 Deployment. */
function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop()!;
  return `${version[0].toUpperCase()}${version.slice(1)}${kind}`;
}

const SCALARS = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString', 'RequestBody']);

/** Paths of fields that the schema does not know, e.g. `spec.template.spec.containers[0].securityContex`. */
export async function unknownFields(manifest: Record<string, unknown>): Promise<string[]> {
  const all = await clientModels();
  const rootType = modelName(String(manifest.apiVersion), String(manifest.kind));
  if (!all[rootType]) return [`(no schema for ${manifest.apiVersion} ${manifest.kind})`];
  const unknown: string[] = [];
  const walk = (value: unknown, type: string, path: string): void => {
    if (value === null || value === undefined || SCALARS.has(type)) return;
    if (type.startsWith('Array<')) {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, type.slice(6, -1), `${path}[${i}]`));
      return;
    }
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) {
      for (const [k, v] of Object.entries(value as object)) walk(v, map[1], `${path}.${k}`);
      return;
    }
    const attributes = all[type]?.attributeTypeMap;
    if (!attributes) return;
    for (const [key, child] of Object.entries(value as object)) {
      const attribute = attributes.find((a) => a.baseName === key);
      if (!attribute) unknown.push(path ? `${path}.${key}` : key);
      else walk(child, attribute.type, path ? `${path}.${key}` : key);
    }
  };
  walk(manifest, rootType, '');
  return unknown;
}

/** Type, format and required-field errors of `manifest`, as kubernetes-models reports them. */
export async function schemaErrors(manifest: Record<string, unknown>): Promise<string[]> {
  const [group, version] = String(manifest.apiVersion).includes('/')
    ? String(manifest.apiVersion).split('/')
    : ['', String(manifest.apiVersion)];
  const module = `kubernetes-models/${group ? `${group}/` : ''}${version}`;
  let exported: Record<string, new (data: unknown) => { validate(): void }>;
  try {
    exported = await import(module);
  } catch {
    return [`(no schema module ${module})`];
  }
  const Model = exported[String(manifest.kind)];
  if (!Model) return [`(no schema for ${manifest.apiVersion} ${manifest.kind})`];
  try {
    new Model(manifest).validate();
    return [];
  } catch (e) {
    const details = (e as { errors?: { instancePath: string; message?: string }[] }).errors;
    return details?.map((d) => `${d.instancePath || '/'} ${d.message}`) ?? [String(e)];
  }
}

/** Every schema problem of `manifest`: type/required errors and unknown fields. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const [errors, unknown] = await Promise.all([schemaErrors(manifest), unknownFields(manifest)]);
  return [...errors, ...unknown.map((p) => `${p}: unknown field`)];
}
