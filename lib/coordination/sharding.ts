/**
 * Sharding: give each key its own manager, so managers work in parallel.
 *
 *   shardOf("k7", 4)     // 0..3, the same for the same key and shard count
 *
 * A stable string hash (FNV-1a, 32 bit) modulo the number of shards. Every client computes the
 * same shard for a key, so all operations on one key still meet at one manager (and keep one
 * order per key); operations on different shards are no longer ordered with each other.
 */
export function shardOf(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
