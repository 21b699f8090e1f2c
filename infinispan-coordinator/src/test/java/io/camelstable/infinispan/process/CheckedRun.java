package io.camelstable.infinispan.process;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker's figures of one coordinator failure run ({@link CoordinatorNode} lines), the final values one
 * survivor read, and how they sum up on one line.
 *
 * @param run            the checker fed with every node's lines, the killed node's leadership ended at the kill
 * @param counterFinal   the counter's final value
 * @param finalVersion   the CAS key's final version
 * @param undelivered    messages acknowledged to a publisher that a surviving subscriber never received
 * @param endNanos       when the run ended (a leader still leading then stops leading there)
 * @param killed         how many nodes were killed (each may have had one call in flight, applied or not)
 */
record CheckedRun(RunChecker run, long counterFinal, long finalVersion, long undelivered, long endNanos, int killed) {

    /**
     * @return how many more increments the counter holds than were ever attempted (acknowledged, failed, or in
     *         flight on a killed node): increments applied twice (must be 0)
     */
    long counterExtra() {
        return Math.max(0, counterFinal - run.acked("counter") - run.failed("counter") - killed);
    }

    /** @return how many calls failed (timed out, refused, or not answered within the node's guard) */
    long failed() {
        return run.failed("counter") + run.failed("cas") + run.failed("lock") + run.failed("publish");
    }

    /** @return every count of the checker on one line */
    String summary() {
        return String.format("counterAcked=%d final=%d counterDuplicates=%d counterNotApplied=%d counterExtra=%d"
                + " casAcked=%d finalVersion=%d casDuplicates=%d casSameVersionTwice=%d casNotApplied=%d tokens=%d"
                + " tokenDuplicates=%d published=%d undelivered=%d twoLeaders=%.1fms epochsWithTwoLeaders=%d failed=%d"
                + " (cas %d)",
                run.acked("counter"), counterFinal, run.duplicates("counter"), run.ackedNotApplied("counter", counterFinal),
                counterExtra(), run.acked("cas"), finalVersion, run.duplicates("cas"), run.sameBaseTwice("cas"),
                run.ackedNotApplied("cas", finalVersion), run.acked("token"), run.duplicates("token"), run.published(),
                undelivered, run.twoLeadersNanos(endNanos) / 1e6, run.termsWithTwoLeaders(), failed(),
                run.failed("cas"));
    }

    /** Asserts that every operation kind was acknowledged at least once, so the counts speak of something. */
    void assertLoaded() {
        assertThat(run.acked("counter")).isPositive();
        assertThat(run.acked("cas")).isPositive();
        assertThat(run.acked("token")).isPositive();
        assertThat(run.published()).isPositive();
    }

    /** Asserts what strict mode guarantees: every count of a broken promise is zero. */
    void assertAllZero() {
        assertThat(run.duplicates("counter")).as("counter values acknowledged twice").isZero();
        assertThat(run.ackedNotApplied("counter", counterFinal)).as("acknowledged increments not applied").isZero();
        assertThat(counterExtra()).as("increments applied more often than attempted").isZero();
        assertThat(run.duplicates("cas")).as("one new version acknowledged twice").isZero();
        assertThat(run.sameBaseTwice("cas")).as("two CAS acknowledged for one expected version").isZero();
        assertThat(run.ackedNotApplied("cas", finalVersion)).as("acknowledged CAS not in the final version").isZero();
        assertThat(run.duplicates("token")).as("fencing tokens handed out twice").isZero();
        assertThat(undelivered).as("messages acknowledged but never delivered").isZero();
        assertThat(run.twoLeadersNanos(endNanos)).as("time with two election leaders").isZero();
        assertThat(run.termsWithTwoLeaders()).as("epochs with two leaders").isZero();
        assertLoaded();
    }
}
