package io.camelstable.examples.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes the outcomes as a pretty-printed {@link SummaryReport} JSON file. */
public final class SummaryJsonWriter {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJsonWriter() {
    }

    /**
     * @param  file        where to write; missing parent directories are created
     * @param  demoApi     the demo API's base URL
     * @param  outcomes    the examples' outcomes
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, String demoApi, List<ExampleOutcome> outcomes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long asExpected = outcomes.stream().filter(ExampleOutcome::behavedAsExpected).count();
        SummaryReport report = new SummaryReport(Instant.now().toString(), demoApi, outcomes.size(), asExpected, outcomes);
        MAPPER.writeValue(file.toFile(), report);
    }
}
