package io.camelstable.hook;

/**
 * Validates a successful response's content; {@code false} (or a throw) makes the attempt a failure that is retried while attempts remain. A rejected response is never reported as success nor cached.
 */
@FunctionalInterface
public interface ResponseAnalyzer {

    /**
     * @param  context   the execution, attempt and data
     * @return {@code true} to accept the response
     * @throws Exception any failure, handled as described above
     */
    boolean accept(HookContext context) throws Exception;
}
