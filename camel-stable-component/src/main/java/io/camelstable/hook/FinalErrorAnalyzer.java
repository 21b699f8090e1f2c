package io.camelstable.hook;

/**
 * Looks at the final failure; {@code true} suppresses it, so the exchange continues with the result as body and {@code CamelStableSuccess=false} instead of failing.
 */
@FunctionalInterface
public interface FinalErrorAnalyzer {

    /**
     * @param  context   the execution, attempt and data
     * @return {@code true} to suppress the failure
     * @throws Exception any failure, handled as described above
     */
    boolean analyze(HookContext context) throws Exception;
}
