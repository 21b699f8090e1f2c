package io.camelstable.request;

import java.util.Map;

import io.camelstable.engine.Attempt;
import io.camelstable.engine.AttemptCallback;
import io.camelstable.engine.AttemptContext;
import io.camelstable.engine.Cancellable;
import io.camelstable.policy.RetryAfter;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Service;
import org.apache.camel.StreamCache;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;

/**
 * An attempt that sends a copy of the exchange to a Camel producer (or any async processor). Each attempt
 * gets a fresh copy, so a retry sends the original body and headers, and a timed-out attempt still
 * running cannot disturb the next one. HTTP outcomes are classified by status and {@code Retry-After},
 * whether the delegate throws {@link HttpOperationFailedException} or answers with
 * {@code throwExceptionOnFailure=false}.
 */
public final class DelegateAttempt implements Attempt, Service {

    /** Header set on the result of a simulated success in trial mode. */
    public static final String TRIAL_MODE_HEADER = "CamelStableTrialMode";

    private final AsyncProcessor delegate;

    /**
     * @param delegate the producer or processor to call
     */
    public DelegateAttempt(AsyncProcessor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void start() {
        ServiceHelper.startService(delegate);
    }

    @Override
    public void stop() {
        ServiceHelper.stopService(delegate);
    }

    @Override
    public Cancellable start(AttemptContext context, AttemptCallback callback) {
        int n = context.attemptNumber();
        Exchange copy = context.exchange().copy();
        copy.setException(null);
        delegate.process(copy, doneSync -> report(n, copy, callback));
        return Cancellable.NONE;
    }

    private static void report(int n, Exchange copy, AttemptCallback callback) {
        Throwable error = copy.getException();
        if (error == null) {
            Integer status = copy.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            int code = status == null ? 0 : status;
            if (code >= 400) {
                String retryAfter = copy.getMessage().getHeader("Retry-After", String.class);
                callback.failed(n, new HttpStatusException(code), code, retryAfterMillis(retryAfter));
            } else {
                callback.succeeded(n, copy, code);
            }
            return;
        }
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, error);
        if (http != null) {
            callback.failed(n, http, http.getStatusCode(), retryAfterMillis(header(http.getResponseHeaders(), "Retry-After")));
        } else {
            callback.failed(n, error, 0, RetryAfter.NONE);
        }
    }

    private static long retryAfterMillis(String value) {
        return RetryAfter.parseMillis(value, System.currentTimeMillis());
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (name.equalsIgnoreCase(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The body; a cached stream is rewound first, so every reader (analyzer, route, result) starts at its beginning. */
    @Override
    public Object dataOf(Object raw) {
        Object body = raw instanceof Exchange e ? e.getMessage().getBody() : raw;
        if (body instanceof StreamCache cache) {
            cache.reset();
        }
        return body;
    }

    @Override
    public Object simulatedSuccess(AttemptContext context) {
        Exchange copy = context.exchange().copy();
        copy.getMessage().setHeader(TRIAL_MODE_HEADER, Boolean.TRUE);
        return copy;
    }

    @Override
    public Map<String, Object> requestHeaders(AttemptContext context) {
        return context.exchange() == null ? Map.of() : context.exchange().getMessage().getHeaders();
    }
}
