package io.camelstable.coordination;

/**
 * A state value with the version it was written at. Versions come from one coordinator-wide revision counter,
 * so a key's version strictly increases with every write, even across a delete or an expiry (no ABA).
 *
 * @param <T>     the value type
 * @param value   the value, never null
 * @param version the revision of the write that produced it, ≥ 1
 */
public record Versioned<T>(T value, long version) {
}
