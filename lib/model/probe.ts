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
 * The readiness probe: an HTTP GET on the container port. Load balancers health-check the same path, so
 * a cluster whose pods are not ready drops out of global traffic.
 */
export interface ReadinessProbeProps extends ProbeTiming {
  /**
   * Path that answers 2xx or 3xx when the app can serve traffic.
   * @default '/'
   */
  readonly path?: string;
}

/** How a liveness probe checks the container. */
export type LivenessCheck =
  | { readonly kind: 'tcp' }
  | { readonly kind: 'http'; readonly path: string };

/**
 * The liveness probe. Its default is a TCP connect to the container port: it restarts a hung process but,
 * unlike an HTTP check of a readiness path that may depend on downstream services, it does not restart
 * healthy pods during a dependency outage, and it is never identical to the readiness probe
 * (kube-score `pod-probes-identical`).
 */
export class LivenessProbe {
  /** A TCP connect to the container port. */
  public static tcp(timing: ProbeTiming = {}): LivenessProbe {
    return new LivenessProbe({ kind: 'tcp' }, timing);
  }

  /** An HTTP GET of `path` on the container port; use a path that does not check dependencies. */
  public static httpGet(path: string, timing: ProbeTiming = {}): LivenessProbe {
    return new LivenessProbe({ kind: 'http', path }, timing);
  }

  /** @internal */
  public readonly check: LivenessCheck;
  /** @internal */
  public readonly timing: ProbeTiming;

  private constructor(check: LivenessCheck, timing: ProbeTiming) {
    this.check = check;
    this.timing = timing;
  }
}

/** A probe with every default applied. */
export interface ResolvedProbe {
  readonly check: LivenessCheck;
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** The readiness probe's defaults, in one place (see {@link ReadinessProbeProps}). */
export function resolveReadiness(props: ReadinessProbeProps = {}): ResolvedProbe & { readonly check: { kind: 'http'; path: string } } {
  return {
    check: { kind: 'http', path: props.path ?? '/' },
    initialDelaySeconds: props.initialDelaySeconds ?? 0,
    periodSeconds: props.periodSeconds ?? 10,
    timeoutSeconds: props.timeoutSeconds ?? 2,
    failureThreshold: props.failureThreshold ?? 3,
  };
}

/** The liveness probe's defaults, in one place (see {@link LivenessProbe}). */
export function resolveLiveness(probe: LivenessProbe = LivenessProbe.tcp()): ResolvedProbe {
  return {
    check: probe.check,
    initialDelaySeconds: probe.timing.initialDelaySeconds ?? 10,
    periodSeconds: probe.timing.periodSeconds ?? 20,
    timeoutSeconds: probe.timing.timeoutSeconds ?? 2,
    failureThreshold: probe.timing.failureThreshold ?? 3,
  };
}
