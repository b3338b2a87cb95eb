import * as path from 'node:path';
import type { PendingRoot } from './pending-changes';
import { diffFields, showValue, type FieldChange } from './field-diff';
import { replacementOf } from './replacement-rules';

// The `yaml` copy that cdk8s bundles (a dependency of ours through cdk8s), as lib/output/yaml.ts does.
const yaml: typeof import('yaml') = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s/package.json'))] }));

/**
 * What a change does to a cloud resource or to a running workload, worth a reviewer's attention:
 * - `destroy`: a Terraform resource is removed (or a Service of type LoadBalancer, which owns a cloud load
 *   balancer);
 * - `replace`: an argument that forces a new resource changes (see `REPLACEMENT_ARGUMENTS`);
 * - `may-replace`: an argument that replaces the resource in some cases or provider versions;
 * - `selector`: a Deployment's selector changes; it is immutable, so `kubectl apply` fails until the Deployment
 *   is deleted and created again, with downtime.
 */
export type Danger = 'destroy' | 'replace' | 'may-replace' | 'selector';

/** A field of an object that changes, with what that does. */
export interface FieldChangeSummary extends FieldChange {
  /** Set when the change destroys or replaces what runs now. */
  readonly danger?: Danger;
}

/** One Kubernetes object (`Deployment get-region/get-region`) or Terraform block (`aws_lb.get-region`). */
export interface ObjectChange {
  /** Whether the field was added, changed or removed. */
  readonly change: 'added' | 'changed' | 'removed';
  /** The object: `Kind namespace/name`, or a Terraform address. */
  readonly name: string;
  /** The fields that change, for a changed object. */
  readonly fields: readonly FieldChangeSummary[];
  /** Set when the change destroys or replaces what runs now. */
  readonly danger?: Danger;
}

/** The changes of one cluster's manifests, one Terraform stack, or one control-plane output's folder. */
export interface ChangeGroup {
  /** A cluster's Kubernetes folder, a Terraform stack, or another output folder. */
  readonly kind: 'cluster' | 'stack' | 'output';
  /** The cluster, stack or output folder. */
  readonly name: string;
  /** `added`: the cluster or stack is new; `removed`: it is gone from the output. */
  readonly change: 'added' | 'changed' | 'removed';
  /** The objects that change, in a stable order. */
  readonly objects: readonly ObjectChange[];
}

/** How {@link ChangeSummary.format} writes the summary. */
export interface SummaryFormat {
  /**
   * ANSI colours for the marks.
   * @default false
   */
  readonly color?: boolean;
  /**
   * Objects listed per cluster or stack that is added or removed whole; the rest are counted.
   * @default 10
   */
  readonly listLimit?: number;
}

/**
 * What a synthesis changes compared with the previous output: per cluster, the Kubernetes objects added,
 * changed (with the fields) and removed; per Terraform stack, the resources, data sources, outputs and providers;
 * and, marked, the changes that destroy or replace a cloud resource or change a Deployment's selector. The same
 * output gives the same summary; the summary is never written into the output.
 */
export class ChangeSummary {
  /**
   * Summarizes the pending changes of a synthesis (see `pendingChanges`), with the default quotas the fleet
   * passes (one line each), which the summary shows beside Terraform changes.
   */
  public static of(roots: readonly PendingRoot[], exceededQuotas: readonly string[] = []): ChangeSummary {
    const groups = new Map<string, { kind: ChangeGroup['kind']; name: string; files: { before?: string; after?: string; path: string }[] }>();
    const fresh: string[] = [];
    for (const root of roots) {
      if (!root.hadPreviousOutput) {
        if (root.files.length > 0) fresh.push(root.directory);
        continue;
      }
      for (const file of root.files) {
        const group = groupOf(root.name, file.path);
        if (!group) continue;
        const key = `${group.kind}\0${group.name}`;
        const entry = groups.get(key) ?? { ...group, files: [] };
        entry.files.push(file);
        groups.set(key, entry);
      }
    }
    const order = { cluster: 0, stack: 1, output: 2 };
    const summarized = [...groups.values()]
      .sort((a, b) => order[a.kind] - order[b.kind] || compare(a.name, b.name))
      .map((g) => summarizeGroup(g.kind, g.name, g.files))
      .filter((g) => g.objects.length > 0);
    return new ChangeSummary(summarized, fresh.sort(), [...exceededQuotas]);
  }

  private constructor(
    /** The clusters, stacks and output folders that change, in a stable order. */
    public readonly groups: readonly ChangeGroup[],
    /** Output folders that had no previous output: everything in them is new, and not listed. */
    public readonly newOutputs: readonly string[],
    /**
     * The default quotas of the clouds that the fleet passes, as in the apply runbook: an apply of the changed
     * stacks stops half-way unless they are raised first.
     */
    public readonly exceededQuotas: readonly string[] = [],
  ) {}

  /** Whether nothing changes (new output folders count as a change). */
  public get isEmpty(): boolean {
    return this.groups.length === 0 && this.newOutputs.length === 0;
  }

  /** Every change that destroys or replaces a cloud resource or changes a selector, one line each. */
  public get dangers(): string[] {
    const lines: string[] = [];
    for (const group of this.groups) {
      const destroyed = group.objects.filter((o) => o.danger === 'destroy');
      if (group.change === 'removed' && destroyed.length > 0) {
        // One line for a whole stack: its resources are listed above.
        lines.push(`${group.kind} ${group.name} is removed: ${destroyed.length} ${destroyed.length === 1 ? 'resource' : 'resources'} destroyed`);
        continue;
      }
      for (const object of group.objects) {
        if (!object.danger) continue;
        const fields = object.fields.filter((f) => f.danger).map((f) => f.path);
        lines.push(`${group.kind} ${group.name}: ${object.name} ${DANGER_TEXT[object.danger]}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`);
      }
    }
    return lines;
  }

  /** The summary as text, for a terminal or a pull request comment. */
  public format(options: SummaryFormat = {}): string {
    const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
    const limit = options.listLimit ?? 10;
    const lines: string[] = [];
    for (const dir of this.newOutputs) lines.push(`${dir}: no previous output, every file is new`);
    if (this.groups.length === 0 && this.newOutputs.length === 0) return 'No changes: the output is up to date.\n';
    for (const group of this.groups) {
      const counts = countOf(group.objects);
      const state = group.change === 'added' ? ' (new)' : group.change === 'removed' ? ' (removed)' : '';
      lines.push(`${group.kind} ${group.name}${state}: ${counts}`);
      const whole = group.change !== 'changed';
      group.objects.forEach((object, i) => {
        if (whole && i === limit) lines.push(`    … and ${group.objects.length - limit} more`);
        if (whole && i >= limit) return;
        const mark = object.change === 'added' ? paint('32', '+') : object.change === 'removed' ? paint('31', '-') : paint('33', '~');
        const loud = object.danger ? `  ${paint('1;31', `!! ${DANGER_TEXT[object.danger].toUpperCase()}`)}` : '';
        const fields = object.fields.map((f) => `${displayPath(f.path)} ${showChange(f)}${f.danger ? ` ${paint('1;31', `[${DANGER_TEXT[f.danger]}]`)}` : ''}`);
        const shown = fields.length > 6 ? [...fields.slice(0, 6), `… ${fields.length - 6} more fields`] : fields;
        lines.push(`  ${mark} ${object.name}${shown.length > 0 ? `: ${shown.join(', ')}` : ''}${loud}`);
      });
    }
    if (this.exceededQuotas.length > 0 && (this.groups.some((g) => g.kind === 'stack') || this.newOutputs.some((d) => /terraform$/.test(d)))) {
      lines.push('', `Quotas past their defaults, to raise before \`terraform apply\` (terraform/README.md, "Quotas"):`);
      for (const q of this.exceededQuotas.slice(0, limit)) lines.push(`  ${q}`);
      if (this.exceededQuotas.length > limit) lines.push(`  … and ${this.exceededQuotas.length - limit} more`);
    }
    const dangers = this.dangers;
    if (dangers.length > 0) {
      lines.push('', paint('1;31', `!! ${dangers.length} ${dangers.length === 1 ? 'change destroys or replaces' : 'changes destroy or replace'} what runs now:`));
      for (const d of dangers) lines.push(paint('31', `!!   ${d}`));
    }
    return `${lines.join('\n')}\n`;
  }
}

const DANGER_TEXT: Record<Danger, string> = {
  destroy: 'destroyed',
  replace: 'replaced',
  'may-replace': 'may be replaced',
  selector: 'selector changes (immutable: delete and re-create the Deployment)',
};

function countOf(objects: readonly ObjectChange[]): string {
  const n = (change: ObjectChange['change']) => objects.filter((o) => o.change === change).length;
  return [`${n('added')} added`, `${n('changed')} changed`, `${n('removed')} removed`].join(', ');
}

function showChange(f: FieldChange): string {
  if (f.items) return [...f.items.added.map((i) => `+${showValue(i, 40)}`), ...f.items.removed.map((i) => `-${showValue(i, 40)}`)].join(' ');
  return `${showValue(f.before)} → ${showValue(f.after)}`;
}

/** Kubernetes paths read shorter without the pod template's prefix. */
function displayPath(p: string): string {
  return p.replace(/^spec\.template\.spec\./, '');
}

/** Which group a file of an output root belongs to; files that only list or describe others belong to none. */
function groupOf(root: string, file: string): { kind: ChangeGroup['kind']; name: string } | undefined {
  const parts = file.split(/[\\/]/);
  if (root === 'terraform') {
    return parts.length === 3 && parts[0] === 'stacks' && parts[2] === 'cdk.tf.json' ? { kind: 'stack', name: parts[1] } : undefined;
  }
  if (!/\.ya?ml$/.test(file)) return undefined;
  if (root === 'kubernetes') return parts.length >= 2 ? { kind: 'cluster', name: parts[0] } : undefined;
  return { kind: 'output', name: parts.length >= 2 ? `${root}/${parts[0]}` : root };
}

function summarizeGroup(kind: ChangeGroup['kind'], name: string, files: readonly { before?: string; after?: string }[]): ChangeGroup {
  const read = kind === 'stack' ? terraformBlocks : kubernetesObjects;
  const before = new Map<string, Block>();
  const after = new Map<string, Block>();
  for (const file of files) {
    if (file.before !== undefined) for (const b of read(file.before)) before.set(b.name, b);
    if (file.after !== undefined) for (const b of read(file.after)) after.set(b.name, b);
  }
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(compare);
  const objects: ObjectChange[] = [];
  for (const n of names) {
    const b = before.get(n);
    const a = after.get(n);
    if (b && !a) {
      objects.push({ change: 'removed', name: n, fields: [], ...(b.destroyable ? { danger: 'destroy' as const } : {}) });
    } else if (!b && a) {
      objects.push({ change: 'added', name: n, fields: [] });
    } else if (a && b) {
      const fields = diffFields(b.body, a.body).map((f): FieldChangeSummary => {
        const danger = a.danger(f.path);
        return danger ? { ...f, danger } : f;
      });
      if (fields.length === 0) continue;
      const dangers = fields.map((f) => f.danger).filter((d): d is Danger => d !== undefined);
      const danger = dangers.find((d) => d !== 'may-replace') ?? dangers[0];
      objects.push({ change: 'changed', name: n, fields, ...(danger ? { danger } : {}) });
    }
  }
  const everyFile = (side: 'before' | 'after') => files.every((f) => f[side] === undefined);
  const change = everyFile('before') ? 'added' : everyFile('after') ? 'removed' : 'changed';
  return { kind, name, change, objects };
}

/** A named part of a file that the summary compares. */
interface Block {
  readonly name: string;
  readonly body: unknown;
  /** Whether removing it destroys a cloud resource. */
  readonly destroyable: boolean;
  /** What changing the field at `path` does. */
  danger(path: string): Danger | undefined;
}

function kubernetesObjects(content: string): Block[] {
  const blocks: Block[] = [];
  for (const doc of yaml.parseAllDocuments(content)) {
    const object = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: { type?: string } } | null;
    if (!object || typeof object !== 'object' || !object.kind) continue;
    const ns = object.metadata?.namespace;
    const isDeployment = object.kind === 'Deployment';
    blocks.push({
      name: `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata?.name ?? '?'}`,
      body: object,
      destroyable: object.kind === 'Service' && object.spec?.type === 'LoadBalancer',
      danger: (p) => (isDeployment && (p === 'spec.selector' || p.startsWith('spec.selector.')) ? 'selector' : undefined),
    });
  }
  return blocks;
}

function terraformBlocks(content: string): Block[] {
  const json = JSON.parse(content) as Record<string, any>;
  const blocks: Block[] = [];
  const strip = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== '//'));
  for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {})) {
    for (const [id, body] of Object.entries(byName)) {
      blocks.push({ name: `${type}.${id}`, body: strip(body), destroyable: true, danger: (p) => replacementOf(type, p) });
    }
  }
  for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(json.data ?? {})) {
    for (const [id, body] of Object.entries(byName)) blocks.push(plainBlock(`data.${type}.${id}`, strip(body)));
  }
  for (const [id, body] of Object.entries<Record<string, unknown>>(json.output ?? {})) blocks.push(plainBlock(`output.${id}`, body));
  for (const [type, list] of Object.entries<Record<string, unknown>[]>(json.provider ?? {})) {
    for (const body of Array.isArray(list) ? list : [list]) {
      blocks.push(plainBlock(`provider.${type}${typeof body.alias === 'string' ? `.${body.alias}` : ''}`, body));
    }
  }
  return blocks;
}

function plainBlock(name: string, body: unknown): Block {
  return { name, body, destroyable: false, danger: () => undefined };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
