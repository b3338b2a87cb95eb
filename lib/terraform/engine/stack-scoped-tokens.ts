/** The part of cdktf's process-wide token registry (cdktf/lib/tokens/private/token-map.js) this file relies on. */
interface TokenRegistry {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
}

/**
 * Runs `work`, which builds and synthesizes one stack in its own App, then forgets the tokens it registered.
 *
 * Why: cdktf registers every token (attribute references, lazy values) in one registry for the whole process and
 * never removes one, and a token holds on to what it refers to. Synthesizing stack after stack, each in an App
 * that is then dropped, the registry alone kept every earlier stack's tokens alive: the live heap grew with the
 * fleet (after each of 100 cluster stacks at 100 clusters x 50 apps: 52 → 149 MiB; with this, flat at 54 MiB),
 * and the 200 x 100 fleet peaked above 1 GiB. A token registered for a stack is only ever resolved within it: a
 * token carried from one App to another cannot be resolved there either (it refers to a construct of another
 * App), so forgetting a synthesized stack's tokens changes nothing but memory.
 *
 * How: the registry is a process global (`__cdktfTokenMap`) holding two insertion-ordered maps; the entries added
 * while `work` ran are the ones after the sizes noted before it, and they are deleted afterwards, also when `work`
 * throws. Tokens registered before (e.g. by a user's module-level code) stay. If a future cdktf stores tokens
 * differently, this does nothing. The output does not change (tests compare it with the committed `dist/` and
 * check that the registry does not grow).
 */
export function withStackScopedTokens<T>(work: () => T): T {
  const registry = tokenRegistry();
  if (!registry) return work();
  const strings = registry.stringTokenMap.size;
  const numbers = registry.numberTokenMap.size;
  try {
    return work();
  } finally {
    deleteAfter(registry.stringTokenMap, strings);
    deleteAfter(registry.numberTokenMap, numbers);
  }
}

/** cdktf's token registry, if it has the shape this file knows. */
export function tokenRegistry(): TokenRegistry | undefined {
  const registry = (globalThis as { __cdktfTokenMap?: Partial<TokenRegistry> }).__cdktfTokenMap;
  if (registry?.stringTokenMap instanceof Map && registry.numberTokenMap instanceof Map) return registry as TokenRegistry;
  return undefined;
}

/** Deletes the entries of `map` after its first `keep`, in insertion order. */
function deleteAfter<K>(map: Map<K, unknown>, keep: number): void {
  if (map.size <= keep) return;
  let index = 0;
  for (const key of [...map.keys()]) {
    if (index++ >= keep) map.delete(key);
  }
}
