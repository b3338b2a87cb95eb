import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * Checks of synthesized Terraform JSON without running Terraform: for providers that are not available offline
 * (Google), the resource graph and the schema known to the generated provider bindings stand in for
 * `terraform validate`.
 */

export type TerraformJson = Record<string, any>;

/** The resource `type.id` of a synthesized stack; fails, listing what is there, when it is missing. */
export function resource(stack: TerraformJson, type: string, id: string): TerraformJson {
  const found = stack.resource?.[type]?.[id];
  assert.ok(found, `${type}.${id} missing; ${type}: ${Object.keys(stack.resource?.[type] ?? {}).join(', ')}`);
  return found;
}

const BUILT_IN_ROOTS = new Set(['count', 'each', 'var', 'local', 'path', 'self', 'terraform', 'module']);
const META_ARGUMENTS = new Set(['//', 'count', 'for_each', 'lifecycle', 'depends_on', 'provider', 'provisioner', 'connection']);

/** The stacks of a synthesized Terraform root (`dist/terraform`), by stack name. */
export function readStacks(files: Map<string, string>, root = 'terraform'): Map<string, TerraformJson> {
  const stacks = new Map<string, TerraformJson>();
  for (const [file, content] of files) {
    const match = new RegExp(`^${root}/stacks/([^/]+)/cdk\\.tf\\.json$`).exec(file);
    if (match) stacks.set(match[1], JSON.parse(content));
  }
  return stacks;
}

/** Every `${...}` expression inside the strings of `value`. */
export function expressions(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (let i = v.indexOf('${'); i >= 0; i = v.indexOf('${', i + 1)) {
        let depth = 0;
        for (let j = i + 1; j < v.length; j++) {
          if (v[j] === '{') depth++;
          else if (v[j] === '}' && --depth === 0) {
            found.push(v.slice(i + 2, j));
            break;
          }
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

/** The resources and data sources an expression refers to: `type.name` or `data.type.name`, with what follows. */
export function references(expression: string): string[] {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const refs: string[] = [];
  for (const match of withoutStrings.matchAll(/(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*(?:\.[\w-]+)*)/g)) {
    if (!BUILT_IN_ROOTS.has(match[1].split('.')[0])) refs.push(match[1]);
  }
  return refs;
}

/** The stack a `terraform_remote_state` reads, from its local path `../<stack>/terraform.tfstate`. */
function remoteStack(config: TerraformJson): string | undefined {
  return /^\.\.\/([^/]+)\/terraform\.tfstate$/.exec(config?.config?.path ?? '')?.[1];
}

/**
 * Problems of the reference graph: references to resources or data sources the stack does not declare, and
 * remote-state reads of outputs that the producing stack does not publish.
 */
export function danglingReferences(stacks: Map<string, TerraformJson>): string[] {
  const problems: string[] = [];
  for (const [name, stack] of stacks) {
    for (const expression of expressions({ resource: stack.resource, data: stack.data, output: stack.output, locals: stack.locals })) {
      for (const ref of references(expression)) {
        const parts = ref.split('.');
        if (parts[0] === 'data') {
          const [, type, id, attribute, output] = parts;
          if (!stack.data?.[type]?.[id]) {
            problems.push(`${name}: ${ref} refers to a data source the stack does not declare`);
          } else if (type === 'terraform_remote_state') {
            const producer = remoteStack(stack.data[type][id]);
            if (attribute !== 'outputs' || !output) problems.push(`${name}: ${ref} does not read an output`);
            else if (!producer || !stacks.has(producer)) problems.push(`${name}: ${ref} reads a stack that is not synthesized (${producer})`);
            else if (!stacks.get(producer)!.output?.[output]) problems.push(`${name}: ${ref} reads output "${output}", which ${producer} does not publish`);
          }
        } else {
          const [type, id] = parts;
          if (!stack.resource?.[type]?.[id]) problems.push(`${name}: ${ref} refers to a resource the stack does not declare`);
        }
      }
    }
  }
  return problems;
}

/**
 * Resource types and top-level arguments that the generated provider bindings do not know: the bindings are
 * generated from the provider's schema, so a name they lack is not in the schema.
 */
export function unknownToProvider(stacks: Map<string, TerraformJson>, providerPackage: string, prefix: string): string[] {
  const lib = path.join(path.dirname(require.resolve(`${providerPackage}/package.json`)), 'lib');
  const sources = new Map<string, string | undefined>();
  // The bindings keep a resource in lib/<type without the provider prefix>, a data source in lib/data-<type>.
  const sourceOf = (type: string, data: boolean) => {
    const dir = data ? `data-${type.replace(/_/g, '-')}` : type.slice(prefix.length).replace(/_/g, '-');
    if (!sources.has(dir)) {
      const file = path.join(lib, dir, 'index.js');
      sources.set(dir, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
    }
    return sources.get(dir);
  };
  const problems: string[] = [];
  for (const [name, stack] of stacks) {
    for (const [kind, blocks] of [['resource', stack.resource], ['data', stack.data]] as const) {
      for (const [type, byId] of Object.entries<Record<string, TerraformJson>>(blocks ?? {})) {
        if (!type.startsWith(prefix)) continue;
        const source = sourceOf(type, kind === 'data');
        if (!source) {
          problems.push(`${name}: ${kind} type ${type} is not in ${providerPackage}`);
          continue;
        }
        for (const [id, block] of Object.entries(byId)) {
          for (const key of Object.keys(block)) {
            if (!META_ARGUMENTS.has(key) && !source.includes(`${key}:`)) problems.push(`${name}: ${type}.${id} has argument "${key}", unknown to ${providerPackage}`);
          }
        }
      }
    }
  }
  return problems;
}

/** Arguments that name a resource in its cloud: a changed one is a new resource (or a failed update). */
const NAMING_ARGUMENTS = [
  'name', 'name_prefix', 'account_id', 'hostname', 'map', 'network', 'cluster', 'cluster_name', 'location', 'region',
  'ip_cidr_range', 'cidr_block', 'availability_zone', 'port', 'count', 'node_locations', 'node_group_name',
  'domain_name', 'set_identifier', 'type', 'load_balancer_type', 'principal_arn', 'zone_id', 'fqdn',
];

/** Every resource's address in every stack, with its naming arguments. */
export function identities(stacks: ReadonlyMap<string, TerraformJson>): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [stack, json] of stacks) {
    for (const [type, byId] of Object.entries<Record<string, TerraformJson>>(json.resource ?? {})) {
      for (const [id, block] of Object.entries(byId)) {
        ids.set(`${stack}/${type}.${id}`, JSON.stringify(NAMING_ARGUMENTS.map((k) => block[k] ?? block.node_config?.[k] ?? null)));
      }
    }
  }
  return ids;
}

/** The addresses of `before` that disappeared or were renamed in `after`. */
export function renamed(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changes: string[] = [];
  for (const [address, names] of before) {
    if (after.get(address) !== names) changes.push(`${address}: ${names} -> ${after.get(address) ?? 'gone'}`);
  }
  return changes;
}

/** Logical ids that end with a construct-path hash (cdktf gives those to resources nested in constructs). */
export function hashedLogicalIds(stacks: ReadonlyMap<string, TerraformJson>): string[] {
  const hashed: string[] = [];
  for (const [stack, json] of stacks) {
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byId] of Object.entries<Record<string, unknown>>(json[kind] ?? {})) {
        for (const id of Object.keys(byId)) if (/_[0-9A-F]{8}$/.test(id)) hashed.push(`${stack}/${type}.${id}`);
      }
    }
  }
  return hashed;
}
