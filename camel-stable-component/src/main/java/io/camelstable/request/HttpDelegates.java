package io.camelstable.request;

import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.CompositeHttpConfigurer;
import org.apache.camel.component.http.HttpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What wrapping a camel-http endpoint needs (DESIGN §9b). The engine owns retries, so the HTTP client's
 * own retry of 503/429 (a second, uncounted attempt after sleeping in the calling thread, ignoring
 * {@code Retry-After}) is switched off for the delegate endpoint only. And {@code attemptTimeout} becomes
 * the client's connect and response timeouts, so a timed-out call is really aborted by the client
 * instead of running on in the background.
 */
public final class HttpDelegates {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDelegates.class);

    private HttpDelegates() {
    }

    /**
     * @param  delegateUri    the delegate's URI
     * @param  attemptTimeout the per-attempt timeout in ms, 0 for none
     * @return                the URI with {@code connectTimeout} and {@code responseTimeout} added for
     *                        http(s) delegates that do not set them
     */
    public static String withTimeouts(String delegateUri, long attemptTimeout) {
        if (attemptTimeout <= 0 || !isHttp(delegateUri)) {
            return delegateUri;
        }
        StringBuilder uri = new StringBuilder(delegateUri);
        char sep = delegateUri.contains("?") ? '&' : '?';
        if (!delegateUri.contains("responseTimeout=")) {
            uri.append(sep).append("responseTimeout=").append(attemptTimeout);
            sep = '&';
        }
        if (!delegateUri.contains("connectTimeout=")) {
            uri.append(sep).append("connectTimeout=").append(attemptTimeout);
        }
        return uri.toString();
    }

    /**
     * Resolves a delegate URI. An http(s) delegate gets an endpoint of its own from the same component (sharing
     * its connection pool), not the instance a plain {@code to("http://...")} of the same URI would share,
     * because {@link #disableClientRetries} changes the endpoint's client: on a shared instance that would
     * change the plain route too, or not apply, depending on which started first. Other delegates are the
     * context's shared endpoints, so for example {@code mock:} endpoints keep seeing the messages.
     *
     * @param  context   the Camel context
     * @param  uri       the delegate URI
     * @return           the endpoint, not started when it is private
     * @throws Exception when it cannot be created
     */
    public static Endpoint resolve(CamelContext context, String uri) throws Exception {
        if (isHttp(uri)) {
            String scheme = uri.substring(0, uri.indexOf(':'));
            Component component = context.getComponent(scheme);
            if (component instanceof HttpComponent) {
                Endpoint own = component.createEndpoint(uri);
                disableClientRetries(own);
                return own;
            }
        }
        return context.getEndpoint(uri);
    }

    /**
     * Turns off the HTTP client's automatic retries for this endpoint, keeping any configurer it has, and lets an
     * {@link AbortSignal} close a call in flight (how a gateway cancels an HTTP item that lost a race).
     *
     * @param endpoint the delegate endpoint; anything but camel-http is left alone
     */
    public static void disableClientRetries(Endpoint endpoint) {
        if (endpoint instanceof HttpEndpoint http) {
            http.setHttpClientConfigurer(CompositeHttpConfigurer.combineConfigurers(http.getHttpClientConfigurer(),
                    builder -> builder.disableAutomaticRetries()
                            .addExecInterceptorFirst("stable-abort", AbortSignal::intercept)));
            LOG.debug("Disabled the HTTP client's automatic retries for {}", http);
        }
    }

    private static boolean isHttp(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return lower.startsWith("http:") || lower.startsWith("https:");
    }
}
