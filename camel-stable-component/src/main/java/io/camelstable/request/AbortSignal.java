package io.camelstable.request;

import java.io.IOException;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * Lets another thread abort the HTTP call a delegate attempt is blocked in. camel-http's client blocks the
 * calling thread in a socket read that an interrupt does not reach, so cancelling such a call means closing its
 * connection: the wrapped client registers each call it starts with the signal current in its thread, and
 * {@link #abort()} closes it (the server sees its client gone). An abort before the call starts stops it as
 * soon as it does.
 */
public final class AbortSignal {

    private static final ThreadLocal<AbortSignal> CURRENT = new ThreadLocal<>();

    private boolean aborted;
    private Runnable inFlight;

    /** Creates a signal not aborted yet. */
    public AbortSignal() {
    }

    /**
     * Runs {@code call} with this signal current in the calling thread, so HTTP calls it makes there register.
     *
     * @param  <T>  what the call returns
     * @param  call a delegate attempt's start
     * @return      what the call returned
     */
    public <T> T during(Supplier<T> call) {
        AbortSignal previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return call.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Aborts the call in flight, if any, and every call registered from now on. Harmless when repeated. */
    public void abort() {
        Runnable call;
        synchronized (this) {
            aborted = true;
            call = inFlight;
            inFlight = null;
        }
        if (call != null) {
            call.run();
        }
    }

    /** @return whether {@link #abort()} was called */
    public synchronized boolean isAborted() {
        return aborted;
    }

    private void register(Runnable abortCall) {
        boolean now;
        synchronized (this) {
            now = aborted;
            inFlight = now ? null : abortCall;
        }
        if (now) {
            abortCall.run();
        }
    }

    /**
     * The HTTP client's exec interceptor (installed on every wrapped http(s) delegate): registers the call with the
     * signal current in this thread, if there is one. Cancelling the request closes its connection at once.
     *
     * @param  request      the request
     * @param  scope        the call's scope
     * @param  chain        the rest of the client's chain
     * @return              the response
     * @throws IOException   when the call fails or is aborted
     * @throws HttpException on a protocol failure
     */
    static ClassicHttpResponse intercept(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AbortSignal signal = CURRENT.get();
        if (signal != null) {
            signal.register(scope.originalRequest instanceof CancellableDependency cancellable
                    ? cancellable::cancel : scope.execRuntime::discardEndpoint);
        }
        return chain.proceed(request, scope);
    }
}
