package io.camelstable.hook;

import java.util.Map;

import io.camelstable.engine.ExecutionOptions;
import io.camelstable.result.AttemptLogEntry;
import org.apache.camel.Exchange;

/**
 * What a hook sees: the options in force for this execution, the attempt, the data or error, and the
 * shared buffers. One type serves every hook so a bean can implement several of them.
 *
 * @param exchange         the attempt's exchange (a copy per attempt for requests), or null outside routes
 * @param options          the options in force for this execution (after any pre-execution override)
 * @param attempt          1-based attempt number, 0 before the first attempt
 * @param data             the attempt's response body or return value, when there is one
 * @param error            the failure, for error hooks and the final error analyzer
 * @param logEntry         the attempt's log entry, for {@code handleErrors} and {@code handleSuccessfulAttemptData}
 * @param commonBuffer     the shared buffer named by {@code commonBuffer} (never null)
 * @param executionContext ids of this execution (workflow, phase, request...), never null
 */
public record HookContext(Exchange exchange, ExecutionOptions options, int attempt, Object data, Throwable error,
        AttemptLogEntry logEntry, Map<String, Object> commonBuffer, Map<String, Object> executionContext) {

    /** @return whether the execution runs in trial mode */
    public boolean trialMode() {
        return options.trialMode().enabled();
    }
}
