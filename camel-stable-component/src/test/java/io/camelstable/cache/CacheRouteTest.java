package io.camelstable.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelstable.component.StableComponent;
import io.camelstable.component.StableConstants;
import io.camelstable.hook.ResponseAnalyzer;
import io.camelstable.result.StableResult;
import io.camelstable.testing.ScriptedHttpServer;
import io.camelstable.testing.ScriptedHttpServer.Reply;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** HTTP and function caching on real routes, none of the seed's cache defects (SPEC §4.2 #1–5). */
class CacheRouteTest extends CamelTestSupport {

    static ScriptedHttpServer server;
    static ScriptedHttpServer otherHost;
    final AtomicInteger functionCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = new ScriptedHttpServer();
        otherHost = new ScriptedHttpServer();
    }

    @AfterAll
    static void stop() {
        server.close();
        otherHost.close();
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("doneOnly", (ResponseAnalyzer) ctx ->
                "done".equals(ctx.exchange().getContext().getTypeConverter().convertTo(String.class, ctx.data())));
        registry.bind("square", (Function<Object, Object>) n -> {
            functionCalls.incrementAndGet();
            return ((Integer) n) * ((Integer) n);
        });
    }

    private Exchange get(String url, String options, String... headers) {
        return template.request("stable:request:" + url + (url.contains("?") ? "&" : "?") + options, e -> {
            for (int i = 0; i < headers.length; i += 2) {
                e.getMessage().setHeader(headers[i], headers[i + 1]);
            }
        });
    }

    private static boolean fromCache(Exchange e) {
        return Boolean.TRUE.equals(e.getMessage().getHeader(StableConstants.FROM_CACHE));
    }

    @Test
    void aSecondGetIsServedFromTheCacheWithoutAnAttempt() {
        server.script("/item", Reply.of(200, "item-1"));
        Exchange first = get(server.url() + "/item", "cacheEnabled=true");
        Exchange second = get(server.url() + "/item", "cacheEnabled=true");
        assertThat(fromCache(first)).isFalse();
        assertThat(fromCache(second)).isTrue();
        assertThat(second.getMessage().getBody(String.class)).isEqualTo("item-1");
        assertThat(second.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(second.getProperty(StableConstants.RESULT, StableResult.class).getTotalAttempts()).isZero();
        assertThat(server.seen("/item")).hasSize(1);
    }

    @Test
    void theKeyHoldsHostPortQueryAndAuthorization() {
        server.script("/same", Reply.of(200, "a"));
        otherHost.script("/same", Reply.of(200, "b"));
        String options = "cache=shared-http";
        get(server.url() + "/same", options);
        assertThat(get(otherHost.url() + "/same", options).getMessage().getBody(String.class)).isEqualTo("b");
        get(server.url() + "/same?page=2", options);
        get(server.url() + "/same", options, "Authorization", "Bearer alice");
        get(server.url() + "/same", options, "authorization", "Bearer bob");
        assertThat(server.seen("/same")).hasSize(4);
        assertThat(otherHost.seen("/same")).hasSize(1);
        assertThat(fromCache(get(server.url() + "/same", options, "AUTHORIZATION", "Bearer alice"))).isTrue();
    }

    @Test
    void withoutTheAuthorizationKeyUsersShareEntriesButNeverCredentials() {
        server.script("/public", Reply.of(200, "news"));
        get(server.url() + "/public", "cacheEnabled=true&cacheKeyByAuthorization=false", "Authorization", "Bearer alice");
        Exchange bob = get(server.url() + "/public", "cacheEnabled=true&cacheKeyByAuthorization=false");
        assertThat(fromCache(bob)).isTrue();
        assertThat(bob.getMessage().getHeader("Authorization")).isNull();
    }

    @Test
    void onlyGetAndHeadAreCachedByDefault() {
        server.script("/orders", Reply.of(200, "created"));
        get(server.url() + "/orders", "cacheEnabled=true&httpMethod=POST");
        get(server.url() + "/orders", "cacheEnabled=true&httpMethod=POST");
        assertThat(server.seen("/orders")).hasSize(2);
    }

    @Test
    void cacheControlAndVaryAreHonoured() {
        server.script("/nostore", Reply.of(200, "x").header("Cache-Control", "no-store"));
        get(server.url() + "/nostore", "cacheEnabled=true");
        get(server.url() + "/nostore", "cacheEnabled=true");
        assertThat(server.seen("/nostore")).hasSize(2);

        server.script("/varied", Reply.of(200, "hello").header("Vary", "Accept-Language"));
        get(server.url() + "/varied", "cacheEnabled=true", "Accept-Language", "en");
        assertThat(fromCache(get(server.url() + "/varied", "cacheEnabled=true", "accept-language", "en"))).isTrue();
        assertThat(fromCache(get(server.url() + "/varied", "cacheEnabled=true", "Accept-Language", "fr"))).isFalse();

        server.script("/fresh", Reply.of(200, "y"));
        get(server.url() + "/fresh", "cacheEnabled=true");
        assertThat(fromCache(get(server.url() + "/fresh", "cacheEnabled=true", "Cache-Control", "no-cache"))).isFalse();
    }

    @Test
    void onlyAnAcceptedResponseIsStored() {
        server.script("/job", Reply.of(200, "pending"), Reply.of(200, "done"));
        String options = "cacheEnabled=true&responseAnalyzer=#doneOnly&attempts=3&wait=1";
        Exchange first = get(server.url() + "/job", options);
        assertThat(first.getMessage().getBody(String.class)).isEqualTo("done");
        Exchange second = get(server.url() + "/job", options);
        assertThat(fromCache(second)).isTrue();
        assertThat(second.getMessage().getBody(String.class)).isEqualTo("done");

        server.script("/stuck", Reply.of(200, "pending"));
        String once = "cacheEnabled=true&responseAnalyzer=#doneOnly&throwOnFailure=false";
        get(server.url() + "/stuck", once);
        assertThat(fromCache(get(server.url() + "/stuck", once))).isFalse();
        assertThat(server.seen("/stuck")).hasSize(2);
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        server.script("/short", Reply.of(200, "z"));
        get(server.url() + "/short", "cacheEnabled=true&cacheTtl=50");
        await().atMost(5, TimeUnit.SECONDS).until(() -> !fromCache(get(server.url() + "/short", "cacheEnabled=true&cacheTtl=50")));
    }

    @Test
    void functionResultsAreCachedByArgumentAcrossExecutions() {
        String uri = "stable:function:square?cacheEnabled=true";
        assertThat(template.requestBody(uri, 3, Integer.class)).isEqualTo(9);
        assertThat(template.requestBody(uri, 3, Integer.class)).isEqualTo(9);
        assertThat(template.requestBody(uri, 4, Integer.class)).isEqualTo(16);
        assertThat(functionCalls.get()).isEqualTo(2);
        CacheMetrics metrics = context.getComponent("stable", StableComponent.class).getSharedResources().caches()
                .stream().filter(c -> c.getName().contains("square")).findFirst().orElseThrow().getMetrics();
        assertThat(metrics.hits()).isEqualTo(1);
        assertThat(metrics.misses()).isEqualTo(2);
        assertThat(metrics.size()).isEqualTo(2);
    }

    @Test
    void aCustomKeyAndAConflictingSharedCache() {
        server.script("/customer", Reply.of(200, "c"));
        get(server.url() + "/customer?v=1", "cacheEnabled=true&cacheKey=${header.customerId}", "customerId", "42");
        // a different URI, but the same custom key: served from the cache
        assertThat(fromCache(get(server.url() + "/customer?v=2", "cacheEnabled=true&cacheKey=${header.customerId}",
                "customerId", "42"))).isTrue();

        context.getEndpoint("stable:function:square?cache=numbers&cacheMaxSize=10");
        assertThatThrownBy(() -> context.getEndpoint("stable:function:square?cache=numbers&cacheMaxSize=20&attempts=2"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasStackTraceContaining("one configuration per cache name");
        assertThatThrownBy(() -> context.getEndpoint("stable:request:direct:x?cacheEnabled=true"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasStackTraceContaining("caching for http(s) delegates");
    }
}
