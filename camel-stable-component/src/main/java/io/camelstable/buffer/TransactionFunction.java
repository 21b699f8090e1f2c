package io.camelstable.buffer;

import java.util.Map;

/**
 * The body of a transaction written in Java: it reads and changes {@code state}, a private working copy that
 * the buffer commits only when this returns normally. It runs on the buffer's executor, one at a time.
 * It must not wait for another transaction of the same buffer (it would wait for itself).
 *
 * @param <R> what it returns to the caller
 */
@FunctionalInterface
public interface TransactionFunction<R> {

    /**
     * @param  state     the working copy: a mutable map whose nested maps, lists and sets are mutable copies too
     * @return           the caller's result
     * @throws Exception to fail the transaction; the state stays exactly as it was
     */
    R apply(Map<String, Object> state) throws Exception;
}
