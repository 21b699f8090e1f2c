package io.camelstable.examples.summary;

import java.util.List;
import java.util.stream.Collectors;

import io.camelstable.result.AttemptRecord;

/** Formats outcomes as a plain-text table for the console. */
public final class SummaryTable {

    private static final String ROW = "%-18s %-20s %8s %8s  %-40s %s%n";
    private static final int MAX_ERROR_CHARS = 64;

    private SummaryTable() {
    }

    /**
     * @param  outcomes the examples' outcomes
     * @return          a header, one line per example and a closing verdict line
     */
    public static String format(List<ExampleOutcome> outcomes) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(ROW, "route", "outcome", "attempts", "time ms", "attempt log (wait between)", "last error"));
        out.append("-".repeat(160)).append(System.lineSeparator());
        for (ExampleOutcome o : outcomes) {
            String outcome = (o.success() ? "SUCCESS" : "FAILED") + (o.behavedAsExpected() ? " (expected)" : " (UNEXPECTED)");
            out.append(String.format(ROW, o.route(), outcome, o.attempts(), o.executionTimeMillis(),
                    attemptLog(o.attemptLog()), o.lastError() == null ? "-" : shorten(o.lastError())));
        }
        long expected = outcomes.stream().filter(ExampleOutcome::behavedAsExpected).count();
        out.append(String.format("%d of %d examples behaved as expected%n", expected, outcomes.size()));
        return out.toString();
    }

    /** @return for example {@code 503 -86ms-> 503 -212ms-> 200} */
    static String attemptLog(List<AttemptRecord> attempts) {
        return attempts.stream()
                .map(a -> label(a) + (a.delayAfter() > 0 ? " -" + a.delayAfter() + "ms->" : ""))
                .collect(Collectors.joining(" "));
    }

    private static String label(AttemptRecord a) {
        return switch (a.status()) {
            case TIMED_OUT -> "timeout";
            case REJECTED -> "rejected";
            case NOT_PERMITTED -> "refused";
            case CANCELLED -> "cancelled";
            case FAILED -> a.statusCode() > 0 ? String.valueOf(a.statusCode()) : "error";
            case SUCCEEDED -> a.statusCode() > 0 ? String.valueOf(a.statusCode()) : "ok";
        };
    }

    private static String shorten(String text) {
        // camel-http's "HTTP operation failed invoking http://host:port/path with statusCode: 503" made short
        String oneLine = text.replaceAll("\\s+", " ")
                .replaceFirst("HTTP operation failed invoking https?://[^/]+(\\S*) with statusCode: (\\d+)", "HTTP $2 from $1");
        return oneLine.length() <= MAX_ERROR_CHARS ? oneLine : oneLine.substring(0, MAX_ERROR_CHARS - 3) + "...";
    }
}
