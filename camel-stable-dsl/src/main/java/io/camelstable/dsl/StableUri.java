package io.camelstable.dsl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelstable.policy.RetryStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Expression;
import org.apache.camel.builder.EndpointProducerBuilder;
import org.apache.camel.support.builder.ExpressionBuilder;
import org.apache.camel.util.URISupport;

/**
 * A {@code stable:} endpoint URI built with typed setters, for {@code .to(...)} in Java routes:
 * {@code to(stableRequest("http://inventory/check").attempts(3).waitFor(Duration.ofMillis(200)))}. Each setter
 * writes the endpoint option of the same name, so the component validates them exactly as it validates a
 * URI typed by hand; {@link #option} sets any other option, such as a delegate's own. It is an
 * {@link EndpointProducerBuilder}, so {@code to(...)}, {@code toD(...)} and {@code enrich(...)} take it as is.
 */
public final class StableUri implements EndpointProducerBuilder {

    private final String base;
    private final Map<String, Object> options = new LinkedHashMap<>();

    private StableUri(String base) {
        this.base = base;
    }

    /** @param delegateUri any Camel endpoint URI @return {@code stable:request:<delegateUri>} */
    public static StableUri request(String delegateUri) {
        return new StableUri("stable:request:" + delegateUri);
    }

    /** @param bean a registry bean's name @return {@code stable:function:<bean>} */
    public static StableUri function(String bean) {
        return new StableUri("stable:function:" + bean);
    }

    /** @param id a gateway definition's id @return {@code stable:gateway:<id>} */
    public static StableUri gateway(String id) {
        return new StableUri("stable:gateway:" + id);
    }

    /** @param id a buffer's name @return {@code stable:buffer:<id>} */
    public static StableUri buffer(String id) {
        return new StableUri("stable:buffer:" + id);
    }

    /**
     * @param  name  an option of the stable endpoint, or of the delegate
     * @param  value its value (a {@code #bean} reference, a number, a duration such as {@code 500ms})
     * @return       this
     */
    public StableUri option(String name, Object value) {
        options.put(name, value);
        return this;
    }

    /** @param n total attempts, the first included @return this */
    public StableUri attempts(int n) {
        return option("attempts", n);
    }

    /** @param delay base delay between attempts @return this */
    public StableUri waitFor(Duration delay) {
        return option("wait", delay.toMillis());
    }

    /** @param strategy how the delay grows @return this */
    public StableUri retryStrategy(RetryStrategy strategy) {
        return option("retryStrategy", strategy.name());
    }

    /** @param jitter random share of each delay, 0 to 1 @return this */
    public StableUri jitter(double jitter) {
        return option("jitter", jitter);
    }

    /** @param timeout the longest one attempt may run @return this */
    public StableUri attemptTimeout(Duration timeout) {
        return option("attemptTimeout", timeout.toMillis());
    }

    /** @param name a shared circuit breaker's name @return this */
    public StableUri circuitBreaker(String name) {
        return option("circuitBreaker", name);
    }

    /** @param maxRequests starts allowed per window @param window the window @return this */
    public StableUri rateLimit(int maxRequests, Duration window) {
        option("rateLimitMaxRequests", maxRequests);
        return option("rateLimitWindow", window.toMillis());
    }

    /** @param max attempts in flight at once @return this */
    public StableUri maxConcurrentRequests(int max) {
        return option("maxConcurrentRequests", max);
    }

    /** @param ttl how long a cached answer lives @return this */
    public StableUri cache(Duration ttl) {
        option("cacheEnabled", true);
        return option("cacheTtl", ttl.toMillis());
    }

    /** @param raise whether a failed execution fails the exchange @return this */
    public StableUri throwOnFailure(boolean raise) {
        return option("throwOnFailure", raise);
    }

    /** @return the endpoint URI */
    public String uri() {
        if (options.isEmpty()) {
            return base;
        }
        return base + (base.contains("?") ? "&" : "?") + URISupport.createQueryString(options, true);
    }

    @Override
    public String getRawUri() {
        return uri();
    }

    @Override
    public void doSetProperty(String name, Object value) {
        option(name, value);
    }

    @Override
    public void doSetMultiValueProperty(String name, String key, Object value) {
        option(key, value);
    }

    @Override
    public void doSetMultiValueProperties(String name, String prefix, Map<String, Object> values) {
        values.forEach((key, value) -> option(prefix + key, value));
    }

    @Override
    public Expression expr(CamelContext context) {
        return ExpressionBuilder.constantExpression(uri());
    }

    @Override
    public Endpoint resolve(CamelContext context) {
        return context.getEndpoint(uri());
    }

    @Override
    public <T extends Endpoint> T resolve(CamelContext context, Class<T> type) {
        return context.getEndpoint(uri(), type);
    }

    @Override
    public String toString() {
        return uri();
    }
}
