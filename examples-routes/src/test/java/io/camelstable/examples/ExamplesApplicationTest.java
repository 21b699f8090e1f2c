package io.camelstable.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelstable.examples.summary.ExampleOutcome;
import io.camelstable.result.AttemptRecord;
import io.camelstable.result.AttemptStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the whole application once (demo API, Camel Main, every example) and checks its summary. */
class ExamplesApplicationTest {

    @TempDir
    static Path dir;
    static Path summaryFile;
    static Map<String, ExampleOutcome> byRoute;

    @BeforeAll
    static void runTheApplication() throws Exception {
        summaryFile = dir.resolve("stable-summary.json");
        List<ExampleOutcome> outcomes = ExamplesApplication.run(Map.of("examples.summary-file", summaryFile.toString()));
        byRoute = outcomes.stream().collect(Collectors.toMap(ExampleOutcome::route, Function.identity()));
    }

    @Test
    void everyExampleBehavesAsExpected() {
        assertThat(byRoute).hasSameSizeAs(ExampleRoutes.cases());
        assertThat(byRoute.values()).allSatisfy(o -> assertThat(o.behavedAsExpected()).as(o.route()).isTrue());
    }

    @Test
    void flakyHttpSucceedsAfterRetryingTwo503s() {
        ExampleOutcome flaky = byRoute.get("flaky-http");
        assertThat(flaky.success()).isTrue();
        assertThat(flaky.attempts()).isGreaterThan(1);
        assertThat(flaky.attemptLog()).extracting(AttemptRecord::statusCode).containsExactly(503, 503, 200);
    }

    @Test
    void gatewaysRunTheirItemsAndTheRaceIsWonByTheFastMirror() {
        ExampleOutcome checkout = byRoute.get("checkout-gateway");
        assertThat(checkout.success()).isTrue();
        assertThat(checkout.attemptLog()).extracting(AttemptRecord::statusCode).startsWith(503, 200);
        ExampleOutcome race = byRoute.get("racing-gateway");
        assertThat(race.success()).isTrue();
        assertThat(race.lastError()).startsWith("slow-mirror CANCELLED");
    }

    @Test
    void missingFailsAfterExactlyOneAttempt() {
        ExampleOutcome missing = byRoute.get("missing-http");
        assertThat(missing.success()).isFalse();
        assertThat(missing.attempts()).isEqualTo(1);
        assertThat(missing.attemptLog().get(0).statusCode()).isEqualTo(404);
        assertThat(missing.attemptLog().get(0).retryable()).isFalse();
    }

    @Test
    void rateLimitedRetryWaitsForRetryAfter() {
        List<AttemptRecord> attempts = byRoute.get("rate-limited-http").attemptLog();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).statusCode()).isEqualTo(429);
        assertThat(attempts.get(1).timestamp() - attempts.get(0).timestamp()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void slowFirstCallTimesOutAndTheRetrySucceeds() {
        ExampleOutcome slow = byRoute.get("slow-http");
        assertThat(slow.success()).isTrue();
        assertThat(slow.attemptLog()).extracting(AttemptRecord::status)
                .containsExactly(AttemptStatus.TIMED_OUT, AttemptStatus.SUCCEEDED);
    }

    @Test
    void pendingContentIsRejectedUntilDone() {
        assertThat(byRoute.get("bad-content-http").attemptLog()).extracting(AttemptRecord::status)
                .containsExactly(AttemptStatus.REJECTED, AttemptStatus.REJECTED, AttemptStatus.SUCCEEDED);
    }

    @Test
    void functionsAreRetried() {
        assertThat(byRoute.get("flaky-function").attempts()).isEqualTo(3);
        assertThat(byRoute.get("flaky-function").success()).isTrue();
        assertThat(byRoute.get("method-function").attempts()).isEqualTo(2);
        assertThat(byRoute.get("method-function").success()).isTrue();
    }

    @Test
    void summaryJsonHoldsEveryExample() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(summary.path("examples").asInt()).isEqualTo(byRoute.size());
        assertThat(summary.path("asExpected").asInt()).isEqualTo(byRoute.size());
        assertThat(summary.path("outcomes")).hasSize(byRoute.size());
        assertThat(summary.path("outcomes").get(0).path("attemptLog").size()).isGreaterThan(0);
    }
}
