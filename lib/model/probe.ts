/** Timing shared by readiness and liveness probes. */
export interface ProbeTiming {
  /**
   * Seconds after the container starts before the first probe.
   * @default 0 for readiness, 10 for liveness
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   * @default 10 for readiness, 20 for liveness
   */
  readonly periodSeconds?: number;
  /**
   * Seconds a probe may take.
   * @default 2
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the container is marked unready (readiness) or restarted (liveness).
   * @default 3
   */
  readonly failureThreshold?: number;
}

/**
 * The readiness probe as props: an HTTP GET of `path` on the container port. Load balancers health-check the same
 * path, so a cluster whose pods are not ready drops out of global traffic. `readiness: { path }` is
 * `Probe.httpGet(path, timing)`.
 */
export interface ReadinessProbeProps extends ProbeTiming {
  /**
   * Path that answers 2xx or 3xx when the app can serve traffic.
   * @default '/'
   */
  readonly path?: string;
}

/** Options of a probe that connects to a port of the container. */
export interface PortProbeOptions extends ProbeTiming {
  /**
   * The port probed. An app behind the load balancers is health-checked on its container port, so its readiness
   * probe uses that one.
   * @default - the app's `containerPort`; required for an app without one
   */
  readonly port?: number;
}

/** How a probe checks the container, as declared. */
export type ProbeCheck =
  | { readonly kind: 'http'; readonly path: string; readonly port?: number }
  | { readonly kind: 'tcp'; readonly port?: number }
  | { readonly kind: 'exec'; readonly command: readonly string[] }
  | { readonly kind: 'none' };

/**
 * A readiness or liveness probe: an HTTP GET, a TCP connect, a command run in the container, or none.
 *
 * An app with a `containerPort` has an HTTP readiness probe of `/` and a TCP liveness probe by default. An app
 * without one (a worker) listens on nothing that could be probed by default and runs no command we could guess,
 * so it declares both: `Probe.exec([...])`, or `Probe.none()` to run without (scanners flag that: CKV_K8S_8/9).
 */
export class Probe {
  /**
   * An HTTP GET of `path`; 2xx and 3xx answers pass. For liveness, use a path that does not check dependencies,
   * so that a dependency outage does not restart healthy pods.
   */
  public static httpGet(path: string, options: PortProbeOptions = {}): Probe {
    const { port, ...timing } = objectOrEmpty(options);
    return new Probe({ kind: 'http', path, ...(port !== undefined ? { port } : {}) }, timing);
  }

  /**
   * A TCP connect: it restarts a hung process but, unlike an HTTP check of a readiness path that may depend on
   * downstream services, it does not restart healthy pods during a dependency outage.
   */
  public static tcp(options: PortProbeOptions = {}): Probe {
    const { port, ...timing } = objectOrEmpty(options);
    return new Probe({ kind: 'tcp', ...(port !== undefined ? { port } : {}) }, timing);
  }

  /** A command run in the container (not in a shell: give `['sh', '-c', '...']` for one); exit code 0 passes. */
  public static exec(command: readonly string[], timing: ProbeTiming = {}): Probe {
    return new Probe({ kind: 'exec', command: Array.isArray(command) ? [...command] : command }, objectOrEmpty(timing));
  }

  /** No probe: a pod is ready once its container runs, and restarted only when its process exits. */
  public static none(): Probe {
    return new Probe({ kind: 'none' }, {});
  }

  /** @internal */
  public readonly check: ProbeCheck;
  /** @internal */
  public readonly timing: ProbeTiming;

  /** @internal Protected, not private, for {@link LivenessProbe}: use the static factories. */
  protected constructor(check: ProbeCheck, timing: ProbeTiming) {
    this.check = check;
    this.timing = timing;
  }
}

/**
 * The liveness probe of earlier versions: `LivenessProbe.tcp(timing)` and `LivenessProbe.httpGet(path, timing)` are
 * {@link Probe}'s factories of the same name.
 * @deprecated Use {@link Probe}.
 */
export class LivenessProbe extends Probe {}

/** From untyped callers: anything but an object is no options (checked by the app's shape where it is given). */
function objectOrEmpty<T extends object>(value: T): T | Record<string, never> {
  return typeof value === 'object' && value !== null ? value : {};
}

/** How a probe checks the container, resolved: the port is the container port unless the probe names one. */
export type ResolvedCheck =
  | { readonly kind: 'http'; readonly path: string; readonly port: number }
  | { readonly kind: 'tcp'; readonly port: number }
  | { readonly kind: 'exec'; readonly command: readonly string[] };

/** A probe with every default applied. */
export interface ResolvedProbe<C extends ResolvedCheck = ResolvedCheck> {
  readonly check: C;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** An HTTP probe, resolved: what the load balancers health-check. */
export type ResolvedHttpProbe = ResolvedProbe<Extract<ResolvedCheck, { readonly kind: 'http' }>>;

/** A readiness or liveness probe as an app declares it; `undefined` is the default. */
export type DeclaredProbe = Probe | ReadinessProbeProps | undefined;

/** The timing defaults of each kind of probe (see {@link ProbeTiming}). */
const TIMING_DEFAULTS = {
  readiness: { initialDelaySeconds: 0, periodSeconds: 10 },
  liveness: { initialDelaySeconds: 10, periodSeconds: 20 },
} as const;

/**
 * A probe as declared, or its default, with the defaults of its timing: readiness defaults to an HTTP GET of `/`,
 * liveness to a TCP connect, both on the container port. Returns `undefined` for `Probe.none()`, and the check
 * without its port when it needs the container port and the app has none (the planner reports it).
 */
export function resolveProbe(
  kind: 'readiness' | 'liveness',
  declared: DeclaredProbe,
  containerPort: number | undefined,
): { probe?: ResolvedProbe; missingPort?: true } {
  const { check, timing }: { check: ProbeCheck; timing: ProbeTiming } = declared instanceof Probe ? declared
    : declared !== undefined ? { check: { kind: 'http', path: declared.path ?? '/' }, timing: declared }
      : { check: kind === 'readiness' ? { kind: 'http', path: '/' } : { kind: 'tcp' }, timing: {} };
  if (check.kind === 'none') return {};
  const defaults = TIMING_DEFAULTS[kind];
  const resolvedTiming = {
    initialDelaySeconds: timing.initialDelaySeconds ?? defaults.initialDelaySeconds,
    periodSeconds: timing.periodSeconds ?? defaults.periodSeconds,
    timeoutSeconds: timing.timeoutSeconds ?? 2,
    failureThreshold: timing.failureThreshold ?? 3,
  };
  if (check.kind === 'exec') return { probe: { check: { kind: 'exec', command: check.command }, ...resolvedTiming } };
  const port = check.port ?? containerPort;
  if (port === undefined) return { missingPort: true };
  return { probe: { check: check.kind === 'http' ? { kind: 'http', path: check.path, port } : { kind: 'tcp', port }, ...resolvedTiming } };
}
