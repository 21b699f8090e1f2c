package io.camelstable.benchmarks;

import java.util.function.Function;

import io.camelstable.component.StableConstants;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ProcessorEndpoint;

/**
 * The routes of {@link StableFunctionOverhead}: one {@code direct:} route per variant, all calling the same
 * function bound as {@value #TARGET}.
 */
public final class OverheadRoutes extends RouteBuilder {

    /** The registry name of the function. */
    public static final String TARGET = "target";
    /** A plain endpoint whose producer calls the function: the cost of {@code to()} without stable:. */
    public static final String PROCESSOR_ENDPOINT = "fn:target";

    private final Function<Object, Object> fn;
    private final Function<Object, Object> retried;
    private final Object result = new Object();

    /**
     * @param fn      the function, also bound in the registry as {@value #TARGET}
     * @param retried the same function decorated with a resilience4j retry
     */
    public OverheadRoutes(Function<Object, Object> fn, Function<Object, Object> retried) {
        this.fn = fn;
        this.retried = retried;
    }

    @Override
    public void configure() throws Exception {
        Processor apply = e -> e.getMessage().setBody(fn.apply(e.getMessage().getBody()));
        getContext().addEndpoint(PROCESSOR_ENDPOINT, new ProcessorEndpoint(PROCESSOR_ENDPOINT, getContext(), apply));
        from("direct:plainBean").bean(TARGET);
        from("direct:plainProcessor").process(apply);
        from("direct:plainProcessorEndpoint").to(PROCESSOR_ENDPOINT);
        from("direct:plainProcessorWithHeaders").process(e -> {
            Message m = e.getMessage();
            m.setBody(fn.apply(m.getBody()));
            // The same four headers and one property, with the same (cached) values, as stable: sets on success.
            m.setHeader(StableConstants.SUCCESS, Boolean.TRUE);
            m.setHeader(StableConstants.ATTEMPTS, 1);
            m.setHeader(StableConstants.FROM_CACHE, Boolean.FALSE);
            m.setHeader(StableConstants.EXECUTION_TIME, 0L);
            e.setProperty(StableConstants.RESULT, result);
        });
        from("direct:resilience4jRetry").process(e -> e.getMessage().setBody(retried.apply(e.getMessage().getBody())));
        from("direct:stableFunction").to("stable:function:" + TARGET + "?attempts=3&wait=10");
        from("direct:stableFunctionOneAttempt").to("stable:function:" + TARGET + "?attempts=1");
        from("direct:stableFunctionNoResult")
                .to("stable:function:" + TARGET + "?attempts=3&wait=10&resultOnExchange=NONE");
    }
}
