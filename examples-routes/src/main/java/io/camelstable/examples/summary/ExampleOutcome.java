package io.camelstable.examples.summary;

import java.util.List;

import io.camelstable.result.AttemptRecord;

/**
 * What one example route did, taken from its {@code StableResult}.
 *
 * @param route               the example's route id
 * @param description         what the example shows
 * @param success             whether the stable execution succeeded
 * @param expectedSuccess     whether it is meant to succeed (the 404 example is meant to fail)
 * @param attempts            attempts made
 * @param executionTimeMillis time from the first attempt's start to the result
 * @param lastError           the last failed attempt's error, null when no attempt failed
 * @param attemptLog          every attempt, in order
 */
public record ExampleOutcome(String route, String description, boolean success, boolean expectedSuccess, int attempts,
        long executionTimeMillis, String lastError, List<AttemptRecord> attemptLog) {

    /** @return whether the example ended the way it is meant to */
    public boolean behavedAsExpected() {
        return success == expectedSuccess;
    }
}
