package io.camelstable.engine;

import java.util.Map;

/**
 * An attempt that hands every call to another one: the base of wrappers that change one thing (the data a
 * typed Java API returns, the abort signal a gateway item runs under) and must pass on the rest, {@code discard}
 * included.
 */
public abstract class ForwardingAttempt implements Attempt {

    /** The attempt calls are handed to. */
    protected final Attempt delegate;

    /** @param delegate the attempt calls are handed to */
    protected ForwardingAttempt(Attempt delegate) {
        this.delegate = delegate;
    }

    @Override
    public Cancellable start(AttemptContext context, AttemptCallback callback) {
        return delegate.start(context, callback);
    }

    @Override
    public boolean mayBlock() {
        return delegate.mayBlock();
    }

    @Override
    public Object dataOf(Object raw) {
        return delegate.dataOf(raw);
    }

    @Override
    public Object simulatedSuccess(AttemptContext context) {
        return delegate.simulatedSuccess(context);
    }

    @Override
    public Map<String, Object> requestHeaders(AttemptContext context) {
        return delegate.requestHeaders(context);
    }

    @Override
    public void discard(Object raw) {
        delegate.discard(raw);
    }
}
