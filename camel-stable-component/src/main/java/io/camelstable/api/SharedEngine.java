package io.camelstable.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.camelstable.engine.StableEngine;

/** The engine the Java API uses when none is given: created on first use, on daemon threads. */
final class SharedEngine {

    private SharedEngine() {
    }

    private static final class Holder {
        static final StableEngine ENGINE = StableEngine.standalone(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    static StableEngine get() {
        return Holder.ENGINE;
    }

    /** Waits for a future in the caller's thread, rethrowing the execution's own exception. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}
