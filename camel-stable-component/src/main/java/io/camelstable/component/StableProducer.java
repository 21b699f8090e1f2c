package io.camelstable.component;

import io.camelstable.engine.Attempt;
import io.camelstable.engine.ExecutionListener;
import io.camelstable.engine.ExecutionOptions;
import io.camelstable.engine.StableEngine;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;

/**
 * Runs each exchange through the engine and writes the result contract of DESIGN §5 onto it: the body,
 * the {@code CamelStable*} headers and the {@code CamelStableResult} property, or a
 * {@link StableExecutionException} when the execution failed and nothing suppressed the failure.
 */
public class StableProducer extends DefaultAsyncProducer implements ExecutionListener {

    private final StableEndpoint endpoint;
    private final ExecutionOptions options;
    private final boolean writeHeaders;
    private final boolean writeProperty;
    private StableEngine engine;
    private Attempt attempt;

    /**
     * @param endpoint the endpoint whose options apply
     */
    public StableProducer(StableEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.options = endpoint.getOptions();
        ResultOnExchange write = endpoint.getConfiguration().getResultOnExchange();
        this.writeHeaders = write == ResultOnExchange.HEADERS_AND_PROPERTY || write == ResultOnExchange.HEADERS;
        this.writeProperty = write == ResultOnExchange.HEADERS_AND_PROPERTY || write == ResultOnExchange.PROPERTY;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        engine = endpoint.getComponent().getEngine();
        attempt = endpoint.createAttempt();
        ServiceHelper.startService(attempt);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(attempt);
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        return engine.execute(options, attempt, exchange, null, callback, this);
    }

    @Override
    public void onComplete(StableResult<Object> result, Object raw, boolean raise, Exchange exchange, Object token,
            boolean doneSync) {
        try {
            if (result.isSuccess()) {
                if (raw instanceof Exchange attemptExchange) {
                    ExchangeHelper.copyResults(exchange, attemptExchange);
                } else {
                    exchange.getMessage().setBody(raw);
                }
            } else if (raise) {
                exchange.setException(new StableExecutionException(
                        "Stable execution failed after " + result.getTotalAttempts() + " attempt(s): " + result.getError(),
                        result, result.getFailure()));
            } else {
                exchange.getMessage().setBody(result);
            }
            if (writeHeaders) {
                Message message = exchange.getMessage();
                message.setHeader(StableConstants.SUCCESS, result.isSuccess());
                message.setHeader(StableConstants.ATTEMPTS, result.getTotalAttempts());
                message.setHeader(StableConstants.FROM_CACHE, result.isFromCache());
                message.setHeader(StableConstants.EXECUTION_TIME, result.getExecutionTimeMillis());
            }
            if (writeProperty) {
                exchange.setProperty(StableConstants.RESULT, result);
            }
            if (result.getValidation() != null && !result.getValidation().valid()) {
                exchange.getContext().getManagementStrategy().notify(new GuardrailViolationEvent(exchange,
                        URISupport.sanitizeUri(endpoint.getEndpointUri()), result.getValidation()));
            }
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            ((AsyncCallback) token).done(doneSync);
        }
    }
}
