package io.camelstable.component;

import io.camelstable.cache.CachePolicy;
import io.camelstable.cache.HttpCachePolicy;
import io.camelstable.engine.Attempt;
import io.camelstable.policy.InvalidOptionException;
import io.camelstable.request.DelegateAttempt;
import io.camelstable.request.HttpDelegates;
import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * {@code stable:request:<delegate-uri>}: wraps any Camel producer. Options the stable component does not
 * know stay with the delegate URI.
 */
public class StableRequestEndpoint extends StableEndpoint {

    private String delegateUri;
    private Endpoint delegate;

    StableRequestEndpoint(String uri, StableComponent component, StableConfiguration configuration, String delegateUri) {
        super(uri, component, configuration);
        this.delegateUri = delegateUri;
    }

    @Override
    protected void resolveTarget() throws Exception {
        String uri = HttpDelegates.withTimeouts(delegateUri, getOptions().attemptTimeout());
        delegate = getComponent().delegate(uri);
        if (delegate == null) {
            throw new InvalidOptionException("target", delegateUri, "a Camel endpoint URI whose component is on the classpath");
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // a private delegate is not in the context's registry: the component stops it (it may be shared)
        ServiceHelper.startService(delegate);
    }

    @Override
    protected CachePolicy createCachePolicy() {
        if (delegate instanceof HttpEndpoint http) {
            return new HttpCachePolicy(http, getConfiguration().cacheMethodSet(), getConfiguration().cacheableStatusCodeSet(),
                    getConfiguration().isCacheKeyByAuthorization());
        }
        throw new InvalidOptionException("cacheEnabled", true,
                "caching for http(s) delegates and stable:function; " + delegate.getEndpointBaseUri() + " is neither");
    }

    @Override
    protected Attempt createAttempt() throws Exception {
        return DelegateAttempt.of(delegate);
    }

    @Override
    public boolean isLenientProperties() {
        return true;
    }

    /** @return the delegate endpoint */
    public Endpoint getDelegate() {
        return delegate;
    }

    /** @return the delegate URI with its own options */
    public String getDelegateUri() {
        return delegateUri;
    }

    void setDelegateUri(String delegateUri) {
        this.delegateUri = delegateUri;
    }
}
