package io.camelstable.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.camelstable.hook.FinalErrorAnalyzer;
import io.camelstable.hook.PreExecutionHook;
import io.camelstable.policy.RetryStrategy;
import io.camelstable.result.StableExecutionException;
import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN §5: what a route sees after a stable endpoint, and how the hooks shape it. */
class ResultContractTest extends CamelTestSupport {

    final AtomicInteger calls = new AtomicInteger();
    final Map<String, Object> buffer = new ConcurrentHashMap<>();

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("alwaysFails", (Function<Object, Object>) body -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down");
        });
        registry.bind("echo", (Function<Object, Object>) body -> {
            calls.incrementAndGet();
            return body;
        });
        registry.bind("suppressAll", (FinalErrorAnalyzer) ctx -> true);
        registry.bind("fiveAttempts", (PreExecutionHook) ctx -> {
            ctx.commonBuffer().put("seenAttemptsOption", ctx.options().attempts());
            return ctx.options().toBuilder().attempts(5).waitMillis(1).build();
        });
        registry.bind("brokenHook", (PreExecutionHook) ctx -> {
            throw new IllegalStateException("hook broke");
        });
        registry.bind("buffer", buffer);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(StableExecutionException.class).handled(true)
                        .setHeader("handledAttempts", simple("${exception.result.totalAttempts}"))
                        .to("mock:failed");
                from("direct:guarded").to("stable:function:alwaysFails?attempts=2&wait=1").to("mock:never");
            }
        };
    }

    @Test
    void successSetsBodyHeadersAndTheResultProperty() {
        Exchange out = template.request("stable:function:echo?attempts=3&wait=1&context.requestId=r-1",
                e -> e.getMessage().setBody("payload"));
        assertThat(out.getMessage().getBody()).isEqualTo("payload");
        assertThat(out.getMessage().getHeaders()).containsEntry(StableConstants.SUCCESS, true)
                .containsEntry(StableConstants.ATTEMPTS, 1).containsEntry(StableConstants.FROM_CACHE, false)
                .containsKey(StableConstants.EXECUTION_TIME);
        StableResult<?> result = out.getProperty(StableConstants.RESULT, StableResult.class);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getData()).isEqualTo("payload");
        assertThat(result.getMetrics().totalAttempts()).isEqualTo(1);
        assertThat(result.getMetrics().successfulAttempts()).isEqualTo(1);
        assertThat(result.getExecutionContext()).containsEntry("requestId", "r-1");
    }

    @Test
    void failureIsAStableExecutionExceptionThatOnExceptionHandles() throws Exception {
        MockEndpoint failed = getMockEndpoint("mock:failed");
        failed.expectedMessageCount(1);
        failed.expectedHeaderReceived("handledAttempts", 2);
        getMockEndpoint("mock:never").expectedMessageCount(0);
        template.sendBody("direct:guarded", "x");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void throwOnFailureFalseAndASuppressingAnalyzerTurnTheFailureIntoABody() {
        for (String option : new String[] { "throwOnFailure=false", "finalErrorAnalyzer=#suppressAll" }) {
            Exchange out = template.request("stable:function:alwaysFails?attempts=2&wait=1&" + option, e -> { });
            assertThat(out.getException()).isNull();
            assertThat(out.getMessage().getHeader(StableConstants.SUCCESS)).isEqualTo(false);
            StableResult<?> body = out.getMessage().getBody(StableResult.class);
            assertThat(body.isSuccess()).isFalse();
            assertThat(body.getError()).contains("down");
            assertThat(body.getAttempts()).hasSize(2);
        }
    }

    @Test
    void thePreExecutionOverrideAppliesToOneExecutionOnly() {
        String uri = "stable:function:alwaysFails?attempts=2&wait=1&throwOnFailure=false&preExecutionHook=#fiveAttempts"
                + "&applyPreExecutionConfigOverride=true&commonBuffer=#buffer";
        Exchange first = template.request(uri, e -> { });
        assertThat(first.getMessage().getHeader(StableConstants.ATTEMPTS)).isEqualTo(5);
        // the endpoint's own options are untouched: the hook sees 2 again on the next execution
        assertThat(context.getEndpoint(uri, StableEndpoint.class).getOptions().attempts()).isEqualTo(2);
        Exchange second = template.request(uri, e -> { });
        assertThat(second.getMessage().getHeader(StableConstants.ATTEMPTS)).isEqualTo(5);
        assertThat(buffer).containsEntry("seenAttemptsOption", 2);
        // without applyPreExecutionConfigOverride the returned options are ignored
        Exchange ignored = template.request(uri.replace("applyPreExecutionConfigOverride=true",
                "applyPreExecutionConfigOverride=false"), e -> { });
        assertThat(ignored.getMessage().getHeader(StableConstants.ATTEMPTS)).isEqualTo(2);
    }

    @Test
    void aFailingPreExecutionHookFailsBeforeAnyAttemptUnlessToldToContinue() {
        Exchange stopped = template.request("stable:function:echo?preExecutionHook=#brokenHook", e -> { });
        assertThat(stopped.getException()).isInstanceOf(StableExecutionException.class).hasMessageContaining("hook broke");
        assertThat(calls.get()).isZero();
        assertThat(stopped.getMessage().getHeader(StableConstants.ATTEMPTS)).isEqualTo(0);

        Exchange continued = template.request(
                "stable:function:echo?preExecutionHook=#brokenHook&continueOnPreExecutionHookFailure=true",
                e -> e.getMessage().setBody("on"));
        assertThat(continued.getMessage().getBody()).isEqualTo("on");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void trialModeNeverCallsTheFunctionAndInjectsFailures() {
        Exchange allFail = template.request("stable:function:echo?trialMode=true&reqFailureProbability=1&attempts=3&wait=1",
                e -> { });
        assertThat(allFail.getException()).isInstanceOf(StableExecutionException.class);
        assertThat(allFail.getException(StableExecutionException.class).getResult().getTotalAttempts()).isEqualTo(3);
        Exchange nonRetryable = template.request("stable:function:echo?trialMode=true&reqFailureProbability=1"
                + "&retryFailureProbability=1&attempts=3&wait=1", e -> { });
        assertThat(nonRetryable.getException(StableExecutionException.class).getResult().getTotalAttempts()).isEqualTo(1);
        Exchange passes = template.request("stable:function:echo?trialMode=true&reqFailureProbability=0", e -> { });
        assertThat(passes.getException()).isNull();
        assertThat(calls.get()).isZero();
    }

    @Test
    void anExchangeWaitingInBackoffStillEndsWhenTheContextStops() throws Exception {
        org.apache.camel.AsyncProcessor producer = org.apache.camel.support.AsyncProcessorConverterHelper.convert(
                context.getEndpoint("stable:function:alwaysFails?attempts=2&wait=60000").createProducer());
        org.apache.camel.support.service.ServiceHelper.startService(producer);
        Exchange waiting = new org.apache.camel.support.DefaultExchange(context);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        producer.process(waiting, sync -> done.countDown());
        assertThat(calls.get()).isEqualTo(1);
        context.stop();
        assertThat(done.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.getException()).isInstanceOf(StableExecutionException.class)
                .hasStackTraceContaining("stopped while the exchange was waiting");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void retriesAndLimitsStillWorkAfterTheContextIsStoppedAndStartedAgain() throws Exception {
        String uri = "stable:function:alwaysFails?attempts=2&wait=5&throwOnFailure=false&rateLimitMaxRequests=1"
                + "&rateLimitWindow=50"; // the second attempt waits for the limiter's scheduled wake-up
        assertThat(template.request(uri, e -> { }).getMessage().getHeader(StableConstants.ATTEMPTS)).isEqualTo(2);
        context.stop();
        bindToRegistry(context.getRegistry()); // a stopped context forgets the beans bound to it
        context.start();
        // the limiter's wake-up and the retry run on the thread pools created again after the restart
        // (before the fix the exchange waited forever on a pool Camel had shut down: bounded here)
        Exchange after = template.asyncSend(uri, e -> { }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(after.getMessage().getHeader(StableConstants.ATTEMPTS)).isEqualTo(2);
    }

    @Test
    void resultOnExchangeChoosesWhatIsWritten() {
        Exchange none = template.request("stable:function:echo?resultOnExchange=NONE", e -> e.getMessage().setBody("b"));
        assertThat(none.getMessage().getBody()).isEqualTo("b");
        assertThat(none.getMessage().getHeaders()).doesNotContainKey(StableConstants.SUCCESS);
        assertThat(none.getProperty(StableConstants.RESULT)).isNull();

        Exchange headers = template.request("stable:function:echo?resultOnExchange=headers", e -> { });
        assertThat(headers.getMessage().getHeaders()).containsKey(StableConstants.ATTEMPTS);
        assertThat(headers.getProperty(StableConstants.RESULT)).isNull();

        Exchange failed = template.request("stable:function:alwaysFails?resultOnExchange=NONE", e -> { });
        assertThat(failed.getException(StableExecutionException.class).getResult().getTotalAttempts()).isEqualTo(1);
    }

    @Test
    void strategyNamesAreAcceptedInTheSeedsLowerCase() {
        StableEndpoint endpoint = context.getEndpoint("stable:function:echo?retryStrategy=exponential", StableEndpoint.class);
        assertThat(endpoint.getOptions().backoff().strategy()).isEqualTo(RetryStrategy.EXPONENTIAL);
    }
}
