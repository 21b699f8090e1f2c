package io.camelstable.hook;

/**
 * Called for every successful attempt when {@code logAllSuccessfulAttempts} is on; a throw is logged and ignored.
 */
@FunctionalInterface
public interface SuccessfulAttemptHandler {

    /**
     * @param  context   the execution, attempt and data

     * @throws Exception any failure, handled as described above
     */
    void handle(HookContext context) throws Exception;
}
