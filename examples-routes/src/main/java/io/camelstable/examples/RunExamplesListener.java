package io.camelstable.examples;

import java.nio.file.Path;
import java.util.List;

import io.camelstable.examples.summary.ExampleOutcome;
import io.camelstable.examples.summary.SummaryJsonWriter;
import io.camelstable.examples.summary.SummaryTable;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;

/**
 * Once Camel has started: runs every example once, prints the summary table, writes the JSON summary to
 * {@code {{examples.summary-file}}} and tells Camel Main it is done, so the application stops by itself.
 */
public class RunExamplesListener extends MainListenerSupport {

    private final List<ExampleCase> examples;
    private final String demoApi;
    private volatile List<ExampleOutcome> outcomes = List.of();
    private volatile Exception failure;

    /**
     * @param examples the examples to run
     * @param demoApi  the demo API's base URL, for the summary
     */
    public RunExamplesListener(List<ExampleCase> examples, String demoApi) {
        this.examples = examples;
        this.demoApi = demoApi;
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        try (ProducerTemplate template = context.createProducerTemplate()) {
            outcomes = new ExampleRunner(template).runAll(examples);
            System.out.println();
            System.out.print(SummaryTable.format(outcomes));
            Path file = Path.of(context.resolvePropertyPlaceholders("{{examples.summary-file}}"));
            SummaryJsonWriter.write(file, demoApi, outcomes);
            System.out.println("Summary written to " + file.toAbsolutePath().normalize());
            System.out.println();
        } catch (Exception e) {
            failure = e;
        } finally {
            if (main instanceof MainSupport app) {
                app.completed();
            }
        }
    }

    /** @return the outcomes of the last run, empty before it */
    public List<ExampleOutcome> outcomes() {
        return outcomes;
    }

    /** @return what stopped the run from finishing, or null */
    public Exception failure() {
        return failure;
    }
}
