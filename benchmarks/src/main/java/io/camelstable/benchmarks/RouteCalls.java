package io.camelstable.benchmarks;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * How every JMH variant drives its route: a started async producer of the route's {@code direct:} endpoint,
 * and a fresh exchange per call whose completion in the calling thread is checked through the callback
 * (Camel's pipeline returns false even when it ran to the end in this thread).
 */
final class RouteCalls {

    private static final Integer BODY = 41;

    private RouteCalls() {
    }

    /** A reusable callback recording that the exchange completed; one per calling thread. */
    static class Completion implements AsyncCallback {
        boolean done;

        @Override
        public void done(boolean doneSync) {
            done = true;
        }
    }

    static AsyncProducer producer(CamelContext context, String route) throws Exception {
        AsyncProducer producer = context.getEndpoint("direct:" + route).createAsyncProducer();
        producer.start();
        return producer;
    }

    static Object call(AsyncProducer producer, Completion completion) {
        Exchange exchange = producer.getEndpoint().createExchange();
        exchange.getMessage().setBody(BODY);
        completion.done = false;
        producer.process(exchange, completion);
        if (!completion.done) {
            throw new IllegalStateException("The happy path is expected to complete in the calling thread");
        }
        if (exchange.getException() != null) {
            throw new IllegalStateException(exchange.getException());
        }
        return exchange.getMessage().getBody();
    }
}
