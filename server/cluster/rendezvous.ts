// Where an actor prefers to live: rendezvous (highest random weight) hashing over the live nodes.
// Every node computes the same answer from the same membership, without coordination, and when a
// node joins or leaves only the actors that hash to it move (about 1/N of them), not all.

/** FNV-1a, 32 bits: cheap, well spread for short strings, and the same on every node. */
function fnv1a(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche (murmur3's fmix32): FNV alone correlates on inputs sharing a long prefix.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Per-node seeds, computed once per membership view rather than once per message. */
export class RendezvousRing {
  private readonly seeds: { node: string; seed: number }[];

  constructor(nodes: readonly string[]) {
    this.seeds = [...nodes].sort().map((node) => ({ node, seed: fnv1a(node, 0) }));
  }

  get size(): number {
    return this.seeds.length;
  }

  /** The node `actor` (an actorId) prefers; undefined when no node is live. */
  ownerOf(actor: string): string | undefined {
    let best: string | undefined;
    let bestScore = -1;
    for (const { node, seed } of this.seeds) {
      const score = fnv1a(actor, seed);
      if (score > bestScore || (score === bestScore && best !== undefined && node < best)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }
}
