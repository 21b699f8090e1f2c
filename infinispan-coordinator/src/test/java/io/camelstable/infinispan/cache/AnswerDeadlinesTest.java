package io.camelstable.infinispan.cache;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A call without an answer fails with the JDK's TimeoutException; one that was answered keeps its answer. */
class AnswerDeadlinesTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void anUnansweredCallFailsAfterItsDeadlineAndAnAnsweredOneIsLeftAlone() {
        AnswerDeadlines deadlines = new AnswerDeadlines(timers);
        CompletableFuture<String> unanswered = new CompletableFuture<>();
        CompletableFuture<String> answered = new CompletableFuture<>();
        CompletableFuture<String> patient = new CompletableFuture<>();
        deadlines.watch(unanswered, 50);
        deadlines.watch(answered, 50);
        deadlines.watch(patient, 60_000);
        answered.complete("yes");

        await().atMost(Duration.ofSeconds(5)).until(unanswered::isDone);

        assertThat(unanswered).failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(TimeoutException.class);
        assertThat(answered).isCompletedWithValue("yes");
        assertThat(patient).as("its deadline is a minute away").isNotDone();
    }
}
