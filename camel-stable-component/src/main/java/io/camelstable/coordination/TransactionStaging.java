package io.camelstable.coordination;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Validates and stages a transaction against a working copy, so nothing is written unless every operation
 * succeeds and later operations on a key see the earlier ones. Every coordinator uses it; the caller orders it
 * with every other write (the in-memory mutex, or the replicated log of the clustered one).
 */
public final class TransactionStaging {

    private TransactionStaging() {
    }

    /**
     * @param  operations the operations, in order
     * @param  reader     the live value of a key, or null
     * @param  revision   the coordinator's last revision; operation i is staged at revision + i + 1
     * @return            COMMITTED with the value each operation leaves (null after a delete), or FAILED
     */
    public static TransactionResult run(List<TxOperation> operations, Function<String, Versioned<Object>> reader,
                                 long revision) {
        Map<String, Optional<Versioned<Object>>> staged = new HashMap<>();
        List<Versioned<Object>> results = new ArrayList<>(operations.size());
        long next = revision;
        for (TxOperation op : operations) {
            next++;
            Versioned<Object> current = staged.computeIfAbsent(op.key(), k -> Optional.ofNullable(reader.apply(k)))
                    .orElse(null);
            Versioned<Object> after;
            switch (op.type()) {
                case SET -> after = new Versioned<>(op.value(), next);
                case DELETE -> after = null;
                case CAS -> {
                    long currentVersion = current == null ? 0 : current.version();
                    if (currentVersion != op.expectedVersion()) {
                        return failed("Version mismatch for key " + op.key() + ": expected " + op.expectedVersion()
                                + ", found " + currentVersion);
                    }
                    after = new Versioned<>(op.value(), next);
                }
                case INCREMENT -> {
                    Object value = current == null ? Long.valueOf(0) : current.value();
                    if (!(value instanceof Long || value instanceof Integer)) {
                        return failed("Cannot increment non-integer value of key " + op.key());
                    }
                    try {
                        after = new Versioned<>(Math.addExact(((Number) value).longValue(), op.delta()), next);
                    } catch (ArithmeticException overflow) {
                        return failed("Increment overflows key " + op.key());
                    }
                }
                default -> throw new IllegalStateException("Unknown operation " + op.type());
            }
            staged.put(op.key(), Optional.ofNullable(after));
            results.add(after);
        }
        return new TransactionResult(TransactionStatus.COMMITTED, results, null);
    }

    private static TransactionResult failed(String error) {
        return new TransactionResult(TransactionStatus.FAILED, List.of(), error);
    }
}
