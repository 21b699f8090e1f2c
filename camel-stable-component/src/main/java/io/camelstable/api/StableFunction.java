package io.camelstable.api;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

import io.camelstable.cache.ArgumentCachePolicy;
import io.camelstable.engine.ExecutionOptions;
import io.camelstable.engine.StableEngine;
import io.camelstable.function.FunctionAttempt;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;

/**
 * The seed's {@code stableFunction} as a typed Java API, on the same engine as {@code stable:function}.
 * Immutable: {@link #with} returns a new instance.
 *
 * <pre>{@code
 * StableFunction<String, Integer> lookup = StableFunction.of(inventory::count)
 *         .with(o -> o.attempts(3).waitMillis(100).retryStrategy(RetryStrategy.EXPONENTIAL));
 * StableResult<Integer> result = lookup.execute("sku-1");
 * }</pre>
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
public final class StableFunction<A, R> {

    private final Function<? super A, ? extends R> function;
    private final ExecutionOptions options;
    private final StableEngine engine;

    private StableFunction(Function<? super A, ? extends R> function, ExecutionOptions options, StableEngine engine) {
        this.function = function;
        this.options = options;
        this.engine = engine;
    }

    /**
     * @param  <A>      the argument type
     * @param  <R>      the result type
     * @param  function the function; a thrown exception is a failed attempt
     * @return          a stable function with the seed's defaults (one attempt)
     */
    public static <A, R> StableFunction<A, R> of(Function<? super A, ? extends R> function) {
        return new StableFunction<>(function, ExecutionOptions.builder().build(), SharedEngine.get());
    }

    /**
     * @param  change edits a builder holding the current options
     * @return        a copy with the changed, validated options
     */
    public StableFunction<A, R> with(Consumer<ExecutionOptions.Builder> change) {
        ExecutionOptions.Builder b = options.toBuilder();
        change.accept(b);
        ExecutionOptions built = b.build();
        if (built.cache() != null && built.cachePolicy() == null) {
            built = built.toBuilder().cachePolicy(new ArgumentCachePolicy(function)).build();
        }
        return new StableFunction<>(function, built, engine);
    }

    /**
     * @param  engine the engine to run on (for example a {@code StableComponent}'s, to share its threads)
     * @return        a copy running on that engine
     */
    public StableFunction<A, R> on(StableEngine engine) {
        return new StableFunction<>(function, options, engine);
    }

    /** @return the options in force */
    public ExecutionOptions options() {
        return options;
    }

    /**
     * @param  argument the argument
     * @return          completes with the result; fails with {@link StableExecutionException} when the execution
     *                  failed and {@code throwOnFailure} is on
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<StableResult<R>> executeAsync(A argument) {
        FunctionAttempt attempt = new FunctionAttempt((exchange, args) -> function.apply(((Argument<A>) args).value()));
        return engine.execute(options, attempt, null, new Argument<>(argument)).thenApply(r -> (StableResult<R>) r);
    }

    /**
     * Runs the execution and waits for it in the caller's thread (the engine itself never blocks).
     *
     * @param  argument the argument
     * @return          the result
     * @throws StableExecutionException when the execution failed and {@code throwOnFailure} is on
     */
    public StableResult<R> execute(A argument) {
        return SharedEngine.join(executeAsync(argument));
    }

    /** Wraps a null argument so the invoker does not mistake it for "take the exchange body". */
    private record Argument<A>(A value) {
    }
}
