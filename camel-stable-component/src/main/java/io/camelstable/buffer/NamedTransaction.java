package io.camelstable.buffer;

import java.util.Map;

/**
 * A transaction registered under a name in a {@link TransactionRegistry}. The log records that name and the
 * parameters, so replaying a log runs the same code with the same parameters. It must depend on nothing but
 * the state and the parameters, or a replay gives another state.
 */
@FunctionalInterface
public interface NamedTransaction {

    /**
     * @param  state      the working copy of the state, committed when this returns normally
     * @param  parameters the caller's parameters (unmodifiable; they are written to the log as given)
     * @return            the caller's result
     * @throws Exception  to fail the transaction; the state stays exactly as it was
     */
    Object apply(Map<String, Object> state, Map<String, Object> parameters) throws Exception;
}
