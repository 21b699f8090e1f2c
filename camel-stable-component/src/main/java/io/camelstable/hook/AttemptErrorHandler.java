package io.camelstable.hook;

/**
 * Called for every failed attempt when {@code logAllErrors} is on; a throw is logged and ignored.
 */
@FunctionalInterface
public interface AttemptErrorHandler {

    /**
     * @param  context   the execution, attempt and data

     * @throws Exception any failure, handled as described above
     */
    void handle(HookContext context) throws Exception;
}
