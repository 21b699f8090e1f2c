package io.camelstable.buffer;

/**
 * What a replay or restore did. It ran as one transaction: either every entry was applied, or (on an error)
 * none was and the future failed instead.
 *
 * @param applied  entries applied
 * @param skipped  entries passed over: of other buffers in a shared log, repeated ids, or (with
 *                 {@code skipUnknown}) naming no registered transaction
 * @param sequence the highest sequence of the buffer's entries in the log: the buffer's sequence is at least this
 *                 afterwards, so new commits continue the log's numbering
 */
public record RecoveryResult(int applied, int skipped, long sequence) {
}
