package io.camelstable.examples.summary;

import java.util.List;

/**
 * The JSON summary file's content.
 *
 * @param generatedAt    when the run finished, ISO-8601
 * @param demoApi        the demo API's base URL
 * @param examples       how many examples ran
 * @param asExpected     how many ended the way they are meant to
 * @param outcomes       one entry per example, with its attempt log
 */
public record SummaryReport(String generatedAt, String demoApi, int examples, long asExpected,
        List<ExampleOutcome> outcomes) {
}
