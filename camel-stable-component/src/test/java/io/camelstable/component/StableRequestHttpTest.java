package io.camelstable.component;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelstable.engine.Redaction;
import io.camelstable.hook.ResponseAnalyzer;
import io.camelstable.result.AttemptLogEntry;
import io.camelstable.result.AttemptRecord;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import io.camelstable.testing.ResettingServer;
import io.camelstable.testing.ScriptedHttpServer;
import io.camelstable.testing.ScriptedHttpServer.Reply;
import io.camelstable.testing.ScriptedHttpServer.Seen;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** stable:request against a real HTTP server on 127.0.0.1, one scripted path per behaviour. */
class StableRequestHttpTest extends CamelTestSupport {

    static ScriptedHttpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new ScriptedHttpServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("doneOnly", (ResponseAnalyzer) ctx ->
                "done".equals(ctx.exchange().getContext().getTypeConverter().convertTo(String.class, ctx.data())));
    }

    private Exchange call(String path, String options) {
        return template.request("stable:request:" + server.url() + path + "?" + options, e -> e.getMessage().setBody(null));
    }

    private static StableResult<?> resultOf(Exchange out) {
        return out.getProperty(StableConstants.RESULT, StableResult.class);
    }

    @Test
    void failuresThenSuccessAreRetried() {
        server.script("/flaky", Reply.of(500, "e1"), Reply.of(502, "e2"), Reply.of(200, "done"));
        Exchange out = call("/flaky", "attempts=3&wait=10");
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody(String.class)).isEqualTo("done");
        assertThat(out.getMessage().getHeader(StableConstants.SUCCESS)).isEqualTo(true);
        assertThat(out.getMessage().getHeader(StableConstants.ATTEMPTS)).isEqualTo(3);
        assertThat(server.seen("/flaky")).hasSize(3);
        assertThat(resultOf(out).getAttempts()).extracting(AttemptRecord::statusCode).containsExactly(500, 502, 200);
    }

    @Test
    void clientErrorsAreNotRetried() {
        server.script("/missing", Reply.of(404, "nope"));
        Exchange out = call("/missing", "attempts=3&wait=10");
        assertThat(out.getException()).isInstanceOf(StableExecutionException.class);
        assertThat(server.seen("/missing")).hasSize(1);
        AttemptRecord only = resultOf(out).getAttempts().get(0);
        assertThat(only.statusCode()).isEqualTo(404);
        assertThat(only.retryable()).isFalse();
    }

    @Test
    void conflictIsRetriedOnlyWhenOptedIn() {
        server.script("/conflict-default", Reply.of(409, "c"), Reply.of(200, "ok"));
        server.script("/conflict-optin", Reply.of(409, "c"), Reply.of(200, "ok"));
        assertThat(call("/conflict-default", "attempts=3&wait=10").getException()).isNotNull();
        assertThat(server.seen("/conflict-default")).hasSize(1);
        Exchange out = call("/conflict-optin", "attempts=3&wait=10&retryableStatusCodes=409");
        assertThat(out.getException()).isNull();
        assertThat(server.seen("/conflict-optin")).hasSize(2);
    }

    @Test
    void retryAfterOn503And429IsHonoured() {
        for (int status : new int[] { 503, 429 }) {
            String path = "/busy-" + status;
            server.script(path, Reply.of(status, "busy").header("Retry-After", "1"), Reply.of(200, "ok"));
            Exchange out = call(path, "attempts=2&wait=10");
            assertThat(out.getException()).isNull();
            List<Seen> seen = server.seen(path);
            assertThat(seen).hasSize(2);
            // never earlier than the server asked: a lower bound, measured where the requests arrive
            assertThat(TimeUnit.NANOSECONDS.toMillis(seen.get(1).nanoTime() - seen.get(0).nanoTime()))
                    .isGreaterThanOrEqualTo(1000);
            assertThat(resultOf(out).getAttempts().get(0).delayAfter()).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void retryAfterBeyondMaxAllowedWaitStopsInsteadOfCallingEarly() {
        server.script("/later", Reply.of(429, "later").header("Retry-After", "120"));
        Exchange out = call("/later", "attempts=3&wait=10&maxAllowedWait=1000");
        assertThat(out.getException()).isInstanceOf(StableExecutionException.class);
        assertThat(server.seen("/later")).hasSize(1);
        assertThat(resultOf(out).getError()).contains("Retry-After");
    }

    @Test
    void theHttpClientsOwnRetryIsSwitchedOff() {
        // camel-http would retry a 503 once by itself, uncounted, after sleeping a second in this thread
        server.script("/unavailable", Reply.of(503, "down"));
        Exchange out = call("/unavailable", "attempts=1");
        assertThat(out.getException()).isNotNull();
        assertThat(server.seen("/unavailable")).hasSize(1);
    }

    @Test
    void aPlainRouteToTheSameUriKeepsCamelHttpsOwnBehaviour() {
        // the stable delegate's client has no automatic retries; a plain to() of the same URI keeps them
        server.script("/shared", Reply.of(503, "down"), Reply.of(200, "up"), Reply.of(503, "down"), Reply.of(503, "down"));
        String uri = server.url() + "/shared";
        Exchange plain = template.request(uri, e -> e.getMessage().setBody(null));
        assertThat(plain.getException()).isNull(); // camel-http retried the 503 by itself
        assertThat(server.seen("/shared")).hasSize(2);
        Exchange stable = template.request("stable:request:" + uri, e -> e.getMessage().setBody(null));
        assertThat(stable.getException()).isInstanceOf(StableExecutionException.class);
        assertThat(server.seen("/shared")).hasSize(3);
        assertThat(context.getEndpoint("stable:request:" + uri, StableRequestEndpoint.class).getDelegate())
                .isNotSameAs(context.getEndpoint(uri));
    }

    @Test
    void slowAttemptIsTimedOutAbortedAndRetried() throws Exception {
        CountDownLatch neverOpened = new CountDownLatch(1);
        try {
            server.script("/slow", Reply.of(200, "late").heldBy(neverOpened), Reply.of(200, "fast"));
            String uri = "stable:request:" + server.url() + "/slow?attempts=2&wait=10&attemptTimeout=300";
            Exchange out = template.request(uri, e -> e.getMessage().setBody(null));
            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getBody(String.class)).isEqualTo("fast");
            assertThat(resultOf(out).getAttempts()).extracting(AttemptRecord::status)
                    .containsExactly(AttemptStatus.TIMED_OUT, AttemptStatus.SUCCEEDED);
            // the timed-out call was aborted by the client, not left running: no connection stays leased
            StableRequestEndpoint endpoint = context.getEndpoint(uri, StableRequestEndpoint.class);
            PoolingHttpClientConnectionManager pool = (PoolingHttpClientConnectionManager)
                    ((HttpEndpoint) endpoint.getDelegate()).getClientConnectionManager();
            await().atMost(3, TimeUnit.SECONDS).until(() -> pool.getTotalStats().getLeased() == 0);
        } finally {
            neverOpened.countDown();
        }
    }

    @Test
    void connectionResetAndRefusedAreRetried() throws Exception {
        String url;
        try (ResettingServer resetting = new ResettingServer(2)) {
            url = resetting.url();
            Exchange out = template.request("stable:request:" + url + "/x?attempts=2&wait=10", e -> e.getMessage().setBody(null));
            assertThat(out.getException()).isInstanceOf(StableExecutionException.class);
            assertThat(resetting.accepted()).isEqualTo(2);
            assertThat(resultOf(out).getAttempts()).hasSize(2).allMatch(AttemptRecord::retryable);
        }
        // the port is closed now: connection refused
        Exchange refused = template.request("stable:request:" + url + "/y?attempts=3&wait=10", e -> e.getMessage().setBody(null));
        assertThat(resultOf(refused).getAttempts()).hasSize(3).allMatch(AttemptRecord::retryable);
    }

    @Test
    void rejectedContentIsRetriedAndNeverReportedAsSuccess() {
        server.script("/content", Reply.of(200, "pending"), Reply.of(200, "done"));
        Exchange out = call("/content", "attempts=3&wait=10&responseAnalyzer=#doneOnly");
        assertThat(out.getMessage().getBody(String.class)).isEqualTo("done");
        assertThat(resultOf(out).getAttempts()).extracting(AttemptRecord::status)
                .containsExactly(AttemptStatus.REJECTED, AttemptStatus.SUCCEEDED);

        server.script("/never", Reply.of(200, "pending"));
        Exchange failed = call("/never", "attempts=2&wait=10&responseAnalyzer=#doneOnly");
        assertThat(failed.getException()).isInstanceOf(StableExecutionException.class);
        assertThat(resultOf(failed).isSuccess()).isFalse();
        assertThat(resultOf(failed).getData()).isNull();
    }

    @Test
    void headersReachEveryAttemptAndSecretsAreMasked() {
        server.script("/auth", Reply.of(500, "e"), Reply.of(200, "ok"));
        Exchange out = template.request("stable:request:" + server.url() + "/auth?attempts=2&wait=10&logAllErrors=true"
                + "&redactHeaders=X-Api-Key", e -> {
                    e.getMessage().setHeader("X-Tenant", "t1");
                    e.getMessage().setHeader("Authorization", "Bearer s3cr3t");
                    e.getMessage().setHeader("X-Api-Key", "k3y");
                });
        assertThat(server.seen("/auth")).extracting(s -> s.header("X-Tenant")).containsExactly("t1", "t1");
        assertThat(server.seen("/auth")).extracting(s -> s.header("Authorization")).containsOnly("Bearer s3cr3t");
        AttemptLogEntry entry = resultOf(out).getErrorLogs().get(0);
        assertThat(entry.requestHeaders()).containsEntry("Authorization", Redaction.MASK)
                .containsEntry("X-Api-Key", Redaction.MASK).containsEntry("X-Tenant", "t1");
        assertThat(resultOf(out).getErrorLogs().toString()).doesNotContain("s3cr3t", "k3y");
    }

    @Test
    void credentialsInTheUriNeverReachTheResult() {
        server.script("/keyed", Reply.of(500, "e"));
        Exchange out = call("/keyed", "attempts=1&password=hunter2");
        assertThat(out.getException()).isNotNull();
        assertThat(resultOf(out).getError()).doesNotContain("hunter2");
        assertThat(resultOf(out).getAttempts().get(0).error()).doesNotContain("hunter2");
    }
}
