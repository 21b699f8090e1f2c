package io.camelstable.gateway;

import io.camelstable.engine.Attempt;
import io.camelstable.engine.AttemptCallback;
import io.camelstable.engine.AttemptContext;
import io.camelstable.engine.Cancellable;
import io.camelstable.engine.ForwardingAttempt;
import io.camelstable.request.AbortSignal;
import org.apache.camel.Service;
import org.apache.camel.support.service.ServiceHelper;

/**
 * An item's attempt (the very {@code DelegateAttempt} or {@code FunctionAttempt} its endpoint made), started with
 * the run's {@link AbortSignal} current, so a cancelled item's blocking HTTP call can be closed, not only its
 * thread interrupted.
 */
final class GatewayAttempt extends ForwardingAttempt implements Service {

    /** Exchange property of an item's exchange holding its abort signal. */
    static final String ABORT = "CamelStableGatewayAbort";

    GatewayAttempt(Attempt attempt) {
        super(attempt);
    }

    @Override
    public Cancellable start(AttemptContext context, AttemptCallback callback) {
        AbortSignal signal = context.exchange() == null ? null : context.exchange().getProperty(ABORT, AbortSignal.class);
        return signal == null ? delegate.start(context, callback) : signal.during(() -> delegate.start(context, callback));
    }

    @Override
    public void start() {
        ServiceHelper.startService(delegate);
    }

    @Override
    public void stop() {
        ServiceHelper.stopService(delegate);
    }
}
