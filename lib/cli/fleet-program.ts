import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Fleet } from '../model';
import type { SynthOptions } from '../synth';

/** Thrown when the fleet program cannot be found or does not export a fleet. */
export class FleetProgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetProgramError';
  }
}

/** What a fleet program gives the CLI. */
export interface FleetProgram {
  readonly fleet: Fleet;
  readonly synthOptions: Omit<SynthOptions, 'outdir'>;
}

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

/**
 * The fleet program named by `--app`, or by `"cdk-fleet": { "app": ... }` in the project's package.json.
 * It must export `fleet` (a `Fleet`, or a function that returns one) and may export `synthOptions` (the options
 * of `synth`, or a function that returns them), without calling `synth` itself.
 */
export function resolveProgram(cwd: string, app: string | undefined): string {
  let file = app;
  if (!file) {
    const pkg = path.join(cwd, 'package.json');
    const configured = fs.existsSync(pkg) ? (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { 'cdk-fleet'?: { app?: unknown } })['cdk-fleet']?.app : undefined;
    if (typeof configured !== 'string') {
      throw new FleetProgramError('No fleet program: pass --app <file> (compiled JavaScript, or TypeScript with tsx or ts-node installed), or set "cdk-fleet": { "app": "<file>" } in package.json');
    }
    file = configured;
  }
  const resolved = path.resolve(cwd, file);
  if (!fs.existsSync(resolved)) throw new FleetProgramError(`The fleet program ${file} does not exist (looked for ${resolved})`);
  return resolved;
}

/** Loads the fleet program: JavaScript with `require`, TypeScript through the runner the project has. */
export function loadProgram(file: string, cwd: string): FleetProgram {
  if (TYPESCRIPT.test(file)) registerTypeScript(file, cwd);
  const exports = require(file) as Record<string, unknown>;
  const module = (exports.fleet === undefined && typeof exports.default === 'object' && exports.default !== null ? exports.default : exports) as Record<string, unknown>;
  const declared = typeof module.fleet === 'function' ? (module.fleet as () => unknown)() : module.fleet;
  if (!isFleet(declared)) {
    throw new FleetProgramError(`${path.relative(cwd, file) || file} does not export a fleet: add \`export const fleet = new Fleet(...)\` (or a function that returns one); found exports: ${Object.keys(module).join(', ') || 'none'}`);
  }
  const options = typeof module.synthOptions === 'function' ? (module.synthOptions as () => unknown)() : module.synthOptions;
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new FleetProgramError(`The synthOptions that ${path.basename(file)} exports is not an object of synth options`);
  }
  return { fleet: declared, synthOptions: (options ?? {}) as Omit<SynthOptions, 'outdir'> };
}

// By shape, not `instanceof`: the program may load its own copy of the library.
function isFleet(value: unknown): value is Fleet {
  return typeof value === 'object' && value !== null && typeof (value as Fleet).plan === 'function' && typeof (value as Fleet).addCluster === 'function';
}

/**
 * Lets `require` load TypeScript with the runner installed in the user's project: tsx, else ts-node (without type
 * checking; `tsc` does that). Node 20 cannot run TypeScript by itself.
 */
function registerTypeScript(file: string, cwd: string): void {
  const from = { paths: [cwd, path.dirname(file)] };
  const tsx = tryResolve('tsx/cjs/api', from);
  if (tsx) {
    (require(tsx) as { register: () => void }).register();
    return;
  }
  const tsNode = tryResolve('ts-node', from);
  if (tsNode) {
    (require(tsNode) as { register: (o: object) => void }).register({ transpileOnly: true });
    return;
  }
  throw new FleetProgramError(`Cannot run ${path.basename(file)}: TypeScript needs a runner, and neither tsx nor ts-node is installed in ${cwd}. Install one (npm install --save-dev tsx), or point --app at the compiled JavaScript`);
}

function tryResolve(id: string, options: { paths: string[] }): string | undefined {
  try {
    return require.resolve(id, options);
  } catch {
    return undefined;
  }
}
