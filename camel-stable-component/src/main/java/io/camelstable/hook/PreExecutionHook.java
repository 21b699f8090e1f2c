package io.camelstable.hook;

import io.camelstable.engine.ExecutionOptions;

/**
 * Runs once before the first attempt. It may return options for this execution only (applied when
 * {@code applyPreExecutionConfigOverride} is on); the endpoint's options and the caller's objects are
 * never changed, because {@link ExecutionOptions} is immutable. Build the override from
 * {@code context.options().toBuilder()}. A throw fails the execution before any attempt, unless
 * {@code continueOnPreExecutionHookFailure} is on.
 */
@FunctionalInterface
public interface PreExecutionHook {

    /**
     * @param  context   the execution before its first attempt ({@code attempt} is 0)
     * @return           options for this execution, or null to keep the configured ones
     * @throws Exception any failure
     */
    ExecutionOptions beforeExecution(HookContext context) throws Exception;
}
