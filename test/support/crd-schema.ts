import * as fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/*
 * Validation of custom resources against a CRD's openAPIV3Schema, as a Kubernetes API server does, and stricter:
 * fields the schema does not declare are errors (an API server prunes them silently) unless the schema keeps
 * unknown fields (`x-kubernetes-preserve-unknown-fields`). CEL rules (`x-kubernetes-validations`) are not run.
 */

type Schema = Record<string, any>;

/** The schema with `additionalProperties: false` wherever it declares properties and does not keep unknown fields. */
function strict(schema: Schema): Schema {
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = Array.isArray(schema) ? [...schema] : { ...schema };
  for (const [key, value] of Object.entries(out)) {
    if (value && typeof value === 'object') out[key] = Array.isArray(value) ? value.map(strict) : key === 'properties' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v as Schema)])) : strict(value);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

/** A validator for the kind of the CRD in `file`, at `version`. */
export function crdValidator(file: string, version: string): (object: unknown) => string[] {
  const crd = parse(fs.readFileSync(file, 'utf8'));
  const served = crd.spec.versions.find((v: Schema) => v.name === version);
  if (!served) throw new Error(`${file} has no version ${version}`);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate: ValidateFunction = ajv.compile(strict(served.schema.openAPIV3Schema));
  return (object) => (validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ''}`));
}
