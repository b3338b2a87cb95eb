import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { terraformEnv } from './terraform';
import type { TerraformJson } from './terraform-graph';

const run = promisify(execFile);

/*
 * `terraform plan -refresh=false`, offline, against a state that stands for an applied stack.
 *
 * Nothing can be applied here, so the state is derived from Terraform itself: plan the stack from nothing, and
 * write the planned values as the state, with a value of the right type (from the provider's schema) wherever a
 * value is only known after apply. Planning a changed configuration against that state shows what Terraform would
 * do to the existing resources: a delete or a replacement is a destroy.
 *
 * Offline means: dummy credentials, and provider settings that skip the account lookups, written to an override
 * file in the test's copy of the stack only. Data sources other than terraform_remote_state must not need the
 * cloud (declare AWS zones in the fleet under test).
 */

type Schema = { block: Block; version: number };
type Block = { attributes?: Record<string, { type: unknown }>; block_types?: Record<string, { nesting_mode: string; block: Block }> };
type Schemas = Record<string, Schema>;

async function terraform(dir: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('terraform', args, { cwd: dir, env: { ...terraformEnv(), AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' }, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? e).replace(/\s+\d+: \{.*$/gm, '').trim();
    throw new Error(`terraform ${args[0]} failed in ${path.basename(dir)}:\n${stderr.slice(0, 2000)}`);
  }
}

/** Writes `stack` to `dir` with the offline provider override, and runs `terraform init`. */
export async function prepare(dir: string, stack: TerraformJson): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack));
  const offline = { skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true };
  const providers = (stack.provider?.aws ?? []).map((p: TerraformJson) => ({ ...(p.alias ? { alias: p.alias } : {}), ...offline }));
  fs.writeFileSync(path.join(dir, 'offline_override.tf.json'), JSON.stringify({ provider: { aws: providers } }));
  await terraform(dir, 'init', '-input=false', '-no-color');
}

let schemas: Promise<Schemas> | undefined;

/** The resource schemas of hashicorp/aws, from an initialized folder. */
export function awsSchemas(dir: string): Promise<Schemas> {
  schemas ??= terraform(dir, 'providers', 'schema', '-json').then((out) => JSON.parse(out).provider_schemas['registry.terraform.io/hashicorp/aws'].resource_schemas);
  return schemas;
}

/** The plan of `dir` against its current state: every resource change. */
export async function plan(dir: string): Promise<TerraformJson> {
  await terraform(dir, 'plan', '-refresh=false', '-input=false', '-no-color', '-lock=false', '-out=plan.bin');
  return JSON.parse(await terraform(dir, 'show', '-json', 'plan.bin'));
}

/** A value of `type` (a cty type in JSON) that stands for one known only after apply. */
function placeholder(type: unknown, name: string): unknown {
  if (type === 'string') {
    // Unique to the resource and attribute, as real ids are, and shaped like the real value where the provider
    // checks the shape.
    const id = name.replace(/[^A-Za-z0-9-]+/g, '-');
    if (/arn/.test(name)) return `arn:aws:placeholder:us-east-1:123456789012:after-apply/${id}`;
    if (/zone_id/.test(name)) return `Z${createHash('sha256').update(id).digest('hex').slice(0, 20).toUpperCase()}`;
    if (/record_type$/.test(name)) return 'CNAME';
    return `after-apply-${id}`;
  }
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (Array.isArray(type)) {
    if (type[0] === 'map') return {};
    if (type[0] === 'object') return Object.fromEntries(Object.entries(type[1] as Record<string, unknown>).map(([k, t]) => [k, placeholder(t, `${name}.${k}`)]));
    // A computed collection of objects (validation options, autoscaling groups) has at least one once applied.
    const element = type[1];
    return Array.isArray(element) && element[0] === 'object' ? [placeholder(element, name)] : [];
  }
  return null;
}

/** `after` with every value marked unknown in `unknown` replaced by a placeholder of its schema type. */
function fill(after: any, unknown: any, block: Block, at: string): any {
  if (after === null || typeof after !== 'object' || !unknown || typeof unknown !== 'object') return after;
  const result = { ...after };
  for (const [key, mark] of Object.entries<any>(unknown)) {
    const attribute = block.attributes?.[key];
    const nested = block.block_types?.[key];
    if (attribute) {
      result[key] = fillValue(result[key], mark, attribute.type, `${at}.${key}`);
    } else if (nested && mark === true) {
      result[key] = nested.nesting_mode === 'single' ? {} : [];
    } else if (nested && Array.isArray(mark) && Array.isArray(result[key])) {
      result[key] = result[key].map((item: any, i: number) => fill(item, mark[i], nested.block, `${at}.${key}.${i}`));
    } else if (nested && nested.nesting_mode === 'single') {
      result[key] = fill(result[key], mark, nested.block, `${at}.${key}`);
    }
  }
  return result;
}

/** An attribute value, with the parts that `unknown` marks replaced by placeholders of their (cty) type. */
function fillValue(value: any, unknown: any, type: unknown, name: string): any {
  if (unknown === true) return placeholder(type, name);
  if (!unknown || typeof unknown !== 'object' || !Array.isArray(type)) return value;
  const [kind, inner] = type as [string, any];
  if ((kind === 'list' || kind === 'set') && Array.isArray(value)) return value.map((v, i) => fillValue(v, unknown[i], inner, `${name}.${i}`));
  if (kind === 'map' && value) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillValue(v, unknown[k], inner, `${name}.${k}`)]));
  if (kind === 'object' && value) return Object.fromEntries(Object.entries<unknown>(inner).map(([k, t]) => [k, fillValue(value[k] ?? null, unknown[k], t, `${name}.${k}`)]));
  return value;
}

/** A version 4 state in which every resource of `planned` exists as planned (created, kept, updated or replaced). */
export function stateFromPlan(planned: TerraformJson, schemas: Schemas): TerraformJson {
  const configured = new Map<string, TerraformJson>((planned.configuration?.root_module?.resources ?? []).map((r: TerraformJson) => [r.address, r]));
  const resources = new Map<string, TerraformJson>();
  for (const change of planned.resource_changes ?? []) {
    if (change.mode !== 'managed' || change.change.after === null) continue;
    const schema = schemas[change.type];
    const key = `${change.type}.${change.name}`;
    const alias = (configured.get(key)?.provider_config_key ?? '').split('.')[1];
    const entry = resources.get(key) ?? {
      mode: 'managed',
      type: change.type,
      name: change.name,
      provider: `provider["registry.terraform.io/hashicorp/aws"]${alias ? `.${alias}` : ''}`,
      instances: [],
    };
    entry.instances.push({
      ...(change.index !== undefined ? { index_key: change.index } : {}),
      schema_version: schema.version,
      attributes: fill(change.change.after, change.change.after_unknown, schema.block, change.address),
      sensitive_attributes: sensitivePaths(change.change.after_sensitive),
    });
    resources.set(key, entry);
  }
  const outputs: Record<string, TerraformJson> = {};
  for (const [name, output] of Object.entries<TerraformJson>(planned.planned_values?.outputs ?? {})) {
    const value = output.value ?? placeholderOfOutput(planned, name, schemas);
    outputs[name] = { value, type: Array.isArray(value) ? ['list', 'string'] : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string' };
  }
  return { version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'cdk-fleet-test', outputs, resources: [...resources.values()], check_results: null };
}

/** The paths that a plan's `after_sensitive` marks, in the state's format (`[{ type: 'get_attr', value }]`). */
function sensitivePaths(marks: unknown, at: { type: string; value: string | number }[] = []): unknown[] {
  if (marks === true) return [at];
  if (Array.isArray(marks)) return marks.flatMap((m, i) => sensitivePaths(m, [...at, { type: 'index', value: i }]));
  if (marks && typeof marks === 'object') return Object.entries(marks).flatMap(([k, m]) => sensitivePaths(m, [...at, { type: 'get_attr', value: k }]));
  return [];
}

/** An output known after apply: a placeholder of the type of the attribute it reads. */
function placeholderOfOutput(planned: TerraformJson, name: string, schemas: Schemas): unknown {
  const reference: string | undefined = planned.configuration?.root_module?.outputs?.[name]?.expression?.references?.find((r: string) => r.split('.').length === 3);
  const [type, , attribute] = reference?.split('.') ?? [];
  const attributeType = type && schemas[type]?.block.attributes?.[attribute]?.type;
  return placeholder(attributeType ?? 'string', `output.${name}`);
}

/**
 * Brings the state of `dir` to what applying its configuration would leave: plans, writes the planned values as
 * the state, and plans again until the plan changes nothing. Values known only after apply get placeholders; a
 * resource that reads another's placeholder settles one round later, so the rounds follow the longest chain of
 * references.
 * @returns how many rounds it took
 */
export async function applyOffline(dir: string, rounds = 8): Promise<number> {
  const schemas = await awsSchemas(dir);
  // While the placeholders settle, a resource may look replaced (an id list read before the ids were known):
  // prevent_destroy is off for these rounds only, and the file that turns it off is gone before any real plan.
  const unguard = path.join(dir, 'settle_override.tf.json');
  const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  const guarded: Record<string, Record<string, unknown>> = {};
  for (const [type, byId] of Object.entries<Record<string, TerraformJson>>(stack.resource ?? {})) {
    for (const [id, block] of Object.entries(byId)) {
      if (block.lifecycle?.prevent_destroy) (guarded[type] ??= {})[id] = { lifecycle: { prevent_destroy: false } };
    }
  }
  if (Object.keys(guarded).length > 0) fs.writeFileSync(unguard, JSON.stringify({ resource: guarded }));
  try {
    for (let round = 1; round <= rounds; round++) {
      const planned = await plan(dir);
      const changes = (planned.resource_changes ?? []).filter((c: TerraformJson) => c.mode === 'managed' && !c.change.actions.every((a: string) => a === 'no-op'));
      // Written every round, the last one too: outputs planned unknown in an earlier round are known now.
      fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify(stateFromPlan(planned, schemas)));
      if (changes.length === 0 && round > 1) return round;
    }
    const left = (await plan(dir)).resource_changes.filter((c: TerraformJson) => c.mode === 'managed' && !c.change.actions.every((a: string) => a === 'no-op'));
    throw new Error(`${path.basename(dir)}: the derived state did not settle in ${rounds} rounds; still changing: ${left.map((c: TerraformJson) => `${c.address} (${c.change.actions})`).join(', ')}`);
  } finally {
    fs.rmSync(unguard, { force: true });
  }
}

/** The addresses a plan would delete or replace. */
export function destroyed(planned: TerraformJson): string[] {
  return (planned.resource_changes ?? []).filter((c: TerraformJson) => c.change.actions.includes('delete')).map((c: TerraformJson) => `${c.address} (${c.change.actions.join(', ')})`);
}

/** How many resources a plan creates, updates, deletes and leaves alone. */
export function summary(planned: TerraformJson): Record<string, number> {
  const counts: Record<string, number> = { create: 0, update: 0, delete: 0, 'no-op': 0 };
  for (const change of planned.resource_changes ?? []) {
    if (change.mode !== 'managed') continue;
    for (const action of change.change.actions) counts[action] = (counts[action] ?? 0) + 1;
  }
  return counts;
}
