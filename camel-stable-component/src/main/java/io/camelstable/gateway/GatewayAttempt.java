package io.camelstable.gateway;

import java.util.Map;

import io.camelstable.engine.Attempt;
import io.camelstable.engine.AttemptCallback;
import io.camelstable.engine.AttemptContext;
import io.camelstable.engine.Cancellable;
import io.camelstable.request.AbortSignal;
import org.apache.camel.Service;
import org.apache.camel.support.service.ServiceHelper;

/**
 * An item's attempt (the very {@code DelegateAttempt} or {@code FunctionAttempt} its endpoint made), started with
 * the run's {@link AbortSignal} current, so a cancelled item's blocking HTTP call can be closed, not only its
 * thread interrupted.
 */
final class GatewayAttempt implements Attempt, Service {

    /** Exchange property of an item's exchange holding its abort signal. */
    static final String ABORT = "CamelStableGatewayAbort";

    private final Attempt attempt;

    GatewayAttempt(Attempt attempt) {
        this.attempt = attempt;
    }

    @Override
    public Cancellable start(AttemptContext context, AttemptCallback callback) {
        AbortSignal signal = context.exchange() == null ? null : context.exchange().getProperty(ABORT, AbortSignal.class);
        return signal == null ? attempt.start(context, callback) : signal.during(() -> attempt.start(context, callback));
    }

    @Override
    public Object dataOf(Object raw) {
        return attempt.dataOf(raw);
    }

    @Override
    public Object simulatedSuccess(AttemptContext context) {
        return attempt.simulatedSuccess(context);
    }

    @Override
    public Map<String, Object> requestHeaders(AttemptContext context) {
        return attempt.requestHeaders(context);
    }

    @Override
    public void discard(Object raw) {
        attempt.discard(raw);
    }

    @Override
    public void start() {
        ServiceHelper.startService(attempt);
    }

    @Override
    public void stop() {
        ServiceHelper.stopService(attempt);
    }
}
