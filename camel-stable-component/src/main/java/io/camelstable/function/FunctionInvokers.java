package io.camelstable.function;

import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import io.camelstable.policy.InvalidOptionException;

/** Builds the {@link FunctionInvoker} for a registry bean, by its type or a named method. */
public final class FunctionInvokers {

    private FunctionInvokers() {
    }

    /**
     * @param  bean                   the bean
     * @param  method                 a public method's name, or null to use the bean's functional type
     * @return                        the invoker
     * @throws InvalidOptionException when the bean is not callable as asked
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public static FunctionInvoker of(Object bean, String method) {
        if (method != null && !method.isBlank()) {
            return MethodInvoker.of(bean, method.trim());
        }
        if (bean instanceof Function fn) {
            return (exchange, args) -> fn.apply(FunctionInvoker.argumentOf(exchange, args));
        }
        if (bean instanceof Supplier<?> supplier) {
            return (exchange, args) -> supplier.get();
        }
        if (bean instanceof Callable<?> callable) {
            return (exchange, args) -> callable.call();
        }
        if (bean instanceof FunctionInvoker invoker) {
            return invoker;
        }
        return MethodInvoker.single(bean);
    }
}
