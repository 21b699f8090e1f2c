package io.camelstable.function;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.camelstable.engine.Attempt;
import io.camelstable.engine.AttemptCallback;
import io.camelstable.engine.AttemptContext;
import io.camelstable.engine.Cancellable;
import io.camelstable.policy.RetryAfter;

/**
 * An attempt that calls a function in the current thread; a returned {@link CompletionStage} is awaited
 * without blocking, and cancelled when the attempt times out.
 */
public final class FunctionAttempt implements Attempt {

    private final FunctionInvoker invoker;

    /**
     * @param invoker the function to call
     */
    public FunctionAttempt(FunctionInvoker invoker) {
        this.invoker = invoker;
    }

    @Override
    public Cancellable start(AttemptContext context, AttemptCallback callback) {
        int n = context.attemptNumber();
        Object value;
        try {
            value = invoker.invoke(context.exchange(), context.arguments());
        } catch (Throwable t) {
            callback.failed(n, t, 0, RetryAfter.NONE);
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            return Cancellable.NONE;
        }
        if (value instanceof CompletionStage<?> stage) {
            CompletableFuture<?> future = stage.toCompletableFuture();
            future.whenComplete((result, error) -> {
                if (error == null) {
                    callback.succeeded(n, result, 0);
                } else {
                    callback.failed(n, unwrap(error), 0, RetryAfter.NONE);
                }
            });
            return () -> future.cancel(true);
        }
        callback.succeeded(n, value, 0);
        return Cancellable.NONE;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
