package io.camelstable.request;

import java.util.Map;
import java.util.Set;

import io.camelstable.engine.Attempt;
import io.camelstable.engine.AttemptCallback;
import io.camelstable.engine.AttemptContext;
import io.camelstable.engine.Cancellable;
import io.camelstable.policy.RetryAfter;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Endpoint;
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

    /**
     * Components whose producers only hand the call to an event loop and return, whatever the load (vertx-http's
     * connection pool queues a request without blocking and answers on a Vert.x thread).
     */
    private static final Set<String> NON_BLOCKING_SCHEMES = Set.of("vertx-http");

    private final AsyncProcessor delegate;
    private final boolean mayBlock;

    /**
     * @param delegate the producer or processor to call, which may block the caller
     */
    public DelegateAttempt(AsyncProcessor delegate) {
        this(delegate, true);
    }

    private DelegateAttempt(AsyncProcessor delegate, boolean mayBlock) {
        this.delegate = delegate;
        this.mayBlock = mayBlock;
    }

    /**
     * @param  endpoint  the delegate endpoint
     * @return           an attempt calling a producer of it, which {@linkplain #mayBlock() never blocks} when the
     *                   endpoint is a vertx-http one
     * @throws Exception when the producer cannot be created
     */
    public static DelegateAttempt of(Endpoint endpoint) throws Exception {
        String uri = endpoint.getEndpointUri();
        String scheme = uri.substring(0, Math.max(0, uri.indexOf(':')));
        return new DelegateAttempt(endpoint.createAsyncProducer(), !NON_BLOCKING_SCHEMES.contains(scheme));
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
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
