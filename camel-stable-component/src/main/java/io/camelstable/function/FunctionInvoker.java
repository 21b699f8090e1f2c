package io.camelstable.function;

import org.apache.camel.Exchange;

/**
 * Calls a function once. Resolved when the endpoint is created, so a wrong bean or method fails at
 * configuration time, and each call is a direct invocation without Camel's bean parameter binding.
 */
@FunctionalInterface
public interface FunctionInvoker {

    /**
     * @param  exchange  the exchange, or null outside routes
     * @param  arguments the Java API's arguments, or null to take the exchange's body
     * @return           the return value (a {@link java.util.concurrent.CompletionStage} is awaited)
     * @throws Exception whatever the function throws
     */
    Object invoke(Exchange exchange, Object arguments) throws Exception;

    /**
     * @param  exchange  the exchange, may be null
     * @param  arguments explicit arguments, may be null
     * @return           the arguments, or else the exchange's body
     */
    static Object argumentOf(Exchange exchange, Object arguments) {
        if (arguments != null || exchange == null) {
            return arguments;
        }
        return exchange.getMessage().getBody();
    }
}
