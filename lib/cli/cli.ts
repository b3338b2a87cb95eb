import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { FleetValidationError, type Problem } from '../model';
import { fleetOverview } from '../overview/fleet-overview';
import { synth, type SynthResult } from '../synth';
import { planControlPlanes } from '../targets/control-planes';
import { ExitCode } from './exit-codes';
import { FleetProgramError, loadProgram, resolveProgram, type FleetProgram } from './fleet-program';
import { Progress } from './progress';

/** Where the CLI reads and writes; the process's by default, a test's otherwise. */
export interface CliIo {
  /** The folder the fleet program and `dist/` are found from. */
  readonly cwd: string;
  /** The environment (`NO_COLOR`, `FORCE_COLOR`, `CDK8S_OUTDIR`, ...). */
  readonly env: NodeJS.ProcessEnv;
  /** Where the output goes. */
  readonly stdout: { readonly isTTY?: boolean; write(text: string): unknown };
  /** Where problems and progress go. */
  readonly stderr: { readonly isTTY?: boolean; write(text: string): unknown };
}

/**
 * `cdk-fleet synth | diff | validate | graph`: runs the user's fleet program and synthesizes it, compares it with
 * the previous output, reports its problems, or draws it. Returns the exit code (see {@link ExitCode}).
 */
export function runCli(argv: readonly string[], io: CliIo = processIo()): number {
  let code: number = ExitCode.OK;
  const color = useColor(io);
  const out = (text: string) => io.stdout.write(text);
  const err = (text: string) => io.stderr.write(text);
  const program = new Command('cdk-fleet')
    .description('Synthesize a fleet of GKE and EKS clusters and its apps, and review what a change does.')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError()
    .addHelpText('after', EXIT_CODES_HELP);
  const appOption = () => new Option('-a, --app <file>', 'the fleet program (default: "cdk-fleet".app in package.json)');
  const outdirOption = () => new Option('-o, --outdir <dir>', 'the output folder').default('dist');
  const acknowledgeOption = () => new Option('--acknowledge-removal <stack...>', 'delete these Terraform stacks although they may still hold resources');

  type Options = { app?: string; outdir: string; acknowledgeRemoval?: string[] };
  const run = (action: (fleet: FleetProgram, options: Options) => number) =>
    (options: Options) => {
      code = guarded(io, color, () => action(loadProgram(resolveProgram(io.cwd, options.app), io.cwd), options));
    };
  const synthesize = (fleet: FleetProgram, options: Options, dryRun: boolean): SynthResult => {
    const progress = new Progress({ isTTY: io.stderr.isTTY === true, write: err });
    const acknowledged = [...(fleet.synthOptions.acknowledgeRemovals ?? []), ...(options.acknowledgeRemoval ?? [])];
    try {
      return synth(fleet.fleet, {
        ...fleet.synthOptions,
        outdir: resolveIn(io.cwd, options.outdir),
        dryRun,
        onPhase: (p) => progress.phase(p),
        ...(acknowledged.length > 0 ? { acknowledgeRemovals: acknowledged } : {}),
      });
    } finally {
      progress.done();
    }
  };

  program.command('synth')
    .description('write the output and print what changed')
    .addOption(appOption()).addOption(outdirOption()).addOption(acknowledgeOption())
    .action(run((fleet, options) => {
      const result = synthesize(fleet, options, false);
      out(result.changes.format({ color }));
      const files = result.roots.reduce((n, r) => ({ written: n.written + r.written, unchanged: n.unchanged + r.unchanged, removed: n.removed + r.removed }), { written: 0, unchanged: 0, removed: 0 });
      err(`synthesized ${result.plan.clusters.length} clusters, ${result.plan.apps.length} apps into ${options.outdir}: ${files.written} files written, ${files.unchanged} unchanged, ${files.removed} removed\n`);
      return ExitCode.OK;
    }));
  program.command('diff')
    .description('print what a synth would change, write nothing; exit 1 when the output would change')
    .addOption(appOption()).addOption(outdirOption()).addOption(acknowledgeOption())
    .action(run((fleet, options) => {
      const result = synthesize(fleet, options, true);
      out(result.changes.format({ color }));
      return result.changes.isEmpty ? ExitCode.OK : ExitCode.CHANGES;
    }));
  program.command('validate')
    .description('check the declaration and print every problem, numbered; write nothing')
    .addOption(appOption())
    .action(run((fleet) => {
      const plan = fleet.fleet.plan();
      planControlPlanes(plan, fleet.synthOptions.controlPlanes);
      out(`The fleet "${plan.name}" is valid: ${plan.clusters.length} clusters, ${plan.apps.length} apps.\n`);
      return ExitCode.OK;
    }));
  program.command('graph')
    .description('print the picture of the fleet (dist/FLEET.md: a Mermaid diagram and the apps x clusters table)')
    .addOption(appOption())
    .option('--mermaid', 'print the Mermaid diagram alone')
    .action((options: { app?: string; mermaid?: boolean }) => {
      code = guarded(io, color, () => {
        const fleet = loadProgram(resolveProgram(io.cwd, options.app), io.cwd);
        const overview = fleetOverview(fleet.fleet.plan());
        out(options.mermaid ? `${/```mermaid\n([\s\S]*?)```/.exec(overview)![1]}` : overview);
        return ExitCode.OK;
      });
    });

  try {
    program.parse([...argv], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // Help and version are not errors; any other complaint of the parser is a usage error.
    return e.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return ExitCode.USAGE;
  }
  return code;
}

const EXIT_CODES_HELP = `
Exit codes:
  0  done (diff: the output is up to date)
  1  diff: the output would change
  2  the declaration has problems, each printed, numbered
  3  a removal is refused: a cluster or app whose stack may still hold resources
  4  usage: wrong command line, or the fleet program cannot be loaded
  5  synthesis failed for another reason
`;

/** Runs a command, turning the errors users meet into messages and exit codes, without stack traces. */
function guarded(io: CliIo, color: boolean, action: () => number): number {
  const red = (text: string) => (color ? `\u001b[31m${text}\u001b[0m` : text);
  try {
    return action();
  } catch (e) {
    if (isValidationError(e)) {
      const count = e.problems.length === 1 ? '1 problem' : `${e.problems.length} problems`;
      io.stderr.write(`${red(`The fleet declaration has ${count}; nothing was written:`)}\n`);
      e.problems.forEach((p, i) => io.stderr.write(`  ${i + 1}. ${p.path}: ${p.message}\n`));
      return ExitCode.INVALID;
    }
    if (e instanceof Error && e.name === 'OrphaningRemovalError') {
      io.stderr.write(`${red(e.message)}\n`);
      return ExitCode.REFUSED;
    }
    if (e instanceof FleetProgramError) {
      io.stderr.write(`${red(e.message)}\n`);
      return ExitCode.USAGE;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`${red(`Synthesis failed, nothing was written: ${message}`)}\n`);
    if (io.env.CDK_FLEET_DEBUG && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return ExitCode.FAILED;
  }
}

// By name and shape, not `instanceof`: the fleet program may load its own copy of the library.
function isValidationError(e: unknown): e is { problems: readonly Problem[] } {
  return e instanceof FleetValidationError || (e instanceof Error && e.name === 'FleetValidationError' && Array.isArray((e as { problems?: unknown }).problems));
}

/** Colours on a terminal unless `NO_COLOR` is set (no-color.org); `FORCE_COLOR` asks for them elsewhere. */
function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

function resolveIn(cwd: string, dir: string): string {
  return path.resolve(cwd, dir);
}

function processIo(): CliIo {
  return { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
}
