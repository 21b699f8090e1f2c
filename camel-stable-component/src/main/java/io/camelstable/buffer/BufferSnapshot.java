package io.camelstable.buffer;

import java.time.Instant;
import java.util.Map;

/**
 * A committed state with where it stands in the buffer's history: what {@code operation=snapshot} returns.
 *
 * @param buffer      the buffer's name
 * @param sequence    the number of the last commit (0 before any), the {@code sequence} of its log entry
 * @param committedAt when that commit happened (the buffer's creation before any)
 * @param state       the state, deep-frozen
 */
public record BufferSnapshot(String buffer, long sequence, Instant committedAt, Map<String, Object> state) {
}
