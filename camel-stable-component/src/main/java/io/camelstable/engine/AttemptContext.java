package io.camelstable.engine;

import org.apache.camel.Exchange;

/** What an {@link Attempt} needs to know about the execution it belongs to. */
public interface AttemptContext {

    /** @return 1-based number of the attempt being started */
    int attemptNumber();

    /** @return the exchange that entered the stable endpoint, or null outside routes */
    Exchange exchange();

    /** @return the options in force for this execution */
    ExecutionOptions options();

    /** @return the arguments of a Java API call, or null */
    Object arguments();
}
