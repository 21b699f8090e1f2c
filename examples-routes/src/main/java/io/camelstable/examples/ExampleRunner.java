package io.camelstable.examples;

import java.util.ArrayList;
import java.util.List;

import io.camelstable.component.StableConstants;
import io.camelstable.examples.summary.ExampleOutcome;
import io.camelstable.gateway.GatewayExecutionException;
import io.camelstable.gateway.GatewayItemResult;
import io.camelstable.gateway.GatewayResult;
import io.camelstable.result.AttemptRecord;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Sends one message to each example route and turns the {@code CamelStableResult} it leaves behind
 * (or the one inside a {@link StableExecutionException}) into an {@link ExampleOutcome}.
 */
public class ExampleRunner {

    private final ProducerTemplate template;

    /** @param template the template used to call the routes */
    public ExampleRunner(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * @param  examples the examples to run, one after the other
     * @return          their outcomes, in the same order
     */
    public List<ExampleOutcome> runAll(List<ExampleCase> examples) {
        List<ExampleOutcome> outcomes = new ArrayList<>();
        for (ExampleCase example : examples) {
            outcomes.add(run(example));
        }
        return outcomes;
    }

    /**
     * @param  example the example to run
     * @return         what happened
     */
    public ExampleOutcome run(ExampleCase example) {
        Exchange exchange = template.send(example.endpointUri(), e -> e.getMessage().setBody(example.body()));
        GatewayResult gateway = gatewayResultOf(exchange);
        if (gateway != null) {
            return outcomeOf(example, gateway);
        }
        StableResult<?> result = resultOf(exchange);
        if (result == null) {
            Throwable error = exchange.getException();
            return new ExampleOutcome(example.route(), example.description(), false, example.expectedSuccess(), 0, 0,
                    error == null ? "no stable result on the exchange" : String.valueOf(error.getMessage()), List.of());
        }
        return new ExampleOutcome(example.route(), example.description(), result.isSuccess(), example.expectedSuccess(),
                result.getTotalAttempts(), result.getExecutionTimeMillis(), lastError(result), result.getAttempts());
    }

    private static GatewayResult gatewayResultOf(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof GatewayResult result) {
            return result;
        }
        return exchange.getException() instanceof GatewayExecutionException failed ? failed.getResult() : null;
    }

    /** A gateway as one line: every item's attempts in declaration order, the first failing item's error. */
    private static ExampleOutcome outcomeOf(ExampleCase example, GatewayResult gateway) {
        List<AttemptRecord> attempts = new ArrayList<>();
        String error = null;
        for (GatewayItemResult item : gateway.getItems()) {
            if (item.getResult() != null) {
                attempts.addAll(item.getResult().getAttempts());
            }
            if (!item.isSuccess() && error == null) {
                error = item.getRequestId() + " " + item.getStatus() + ": " + item.getError();
            }
        }
        return new ExampleOutcome(example.route(), example.description(), gateway.isSuccess(), example.expectedSuccess(),
                attempts.size(), gateway.getMetrics().executionTime(), error, attempts);
    }

    private static StableResult<?> resultOf(Exchange exchange) {
        StableResult<?> result = exchange.getProperty(StableConstants.RESULT, StableResult.class);
        if (result != null) {
            return result;
        }
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return error instanceof StableExecutionException failed ? failed.getResult() : null;
    }

    private static String lastError(StableResult<?> result) {
        if (!result.isSuccess() && result.getError() != null) {
            return result.getError();
        }
        List<AttemptRecord> attempts = result.getAttempts();
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).error() != null) {
                return attempts.get(i).error();
            }
        }
        return null;
    }
}
