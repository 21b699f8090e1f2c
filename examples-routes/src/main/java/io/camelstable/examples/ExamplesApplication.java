package io.camelstable.examples;

import java.util.List;
import java.util.Map;

import io.camelstable.examples.beans.FlakyInventoryFunction;
import io.camelstable.examples.beans.PriceService;
import io.camelstable.examples.beans.StatusDoneAnalyzer;
import io.camelstable.examples.demo.DemoApi;
import io.camelstable.examples.summary.ExampleOutcome;
import org.apache.camel.main.Main;

/**
 * The examples application: starts the local {@link DemoApi}, runs Camel Main with the
 * {@link ExampleRoutes}, calls each example once, prints and writes a summary, then stops.
 * The demo API's port is the system property {@code demo.port} (default 0: any free port).
 */
public final class ExamplesApplication {

    private ExamplesApplication() {
    }

    /**
     * Runs the examples once; fails when one of them did not end the way it is meant to.
     *
     * @param  args      ignored
     * @throws Exception when the application cannot run or an example misbehaved
     */
    public static void main(String[] args) throws Exception {
        List<ExampleOutcome> outcomes = run(Map.of());
        long unexpected = outcomes.stream().filter(o -> !o.behavedAsExpected()).count();
        if (unexpected > 0) {
            throw new IllegalStateException(unexpected + " example(s) did not behave as expected");
        }
    }

    /**
     * Starts the demo API and Camel, runs every example once and stops both.
     *
     * @param  overrides Camel properties that win over {@code application.properties}, such as
     *                   {@code examples.summary-file} or {@code demo.port}
     * @return           the outcomes, in the order of {@link ExampleRoutes#cases()}
     * @throws Exception when the application cannot start or the summary cannot be written
     */
    public static List<ExampleOutcome> run(Map<String, String> overrides) throws Exception {
        int port = Integer.parseInt(overrides.getOrDefault("demo.port", System.getProperty("demo.port", "0")));
        try (DemoApi api = DemoApi.start(port)) {
            Main main = new Main();
            main.bind("statusDone", new StatusDoneAnalyzer());
            main.bind("flakyInventory", new FlakyInventoryFunction(2));
            main.bind("priceService", new PriceService());
            main.configure().addRoutesBuilder(new ExampleRoutes());
            overrides.forEach(main::addOverrideProperty);
            main.addOverrideProperty("demo.port", String.valueOf(api.port()));
            RunExamplesListener runner = new RunExamplesListener(ExampleRoutes.cases(), api.baseUrl());
            main.addMainListener(runner);
            main.run();
            if (runner.failure() != null) {
                throw runner.failure();
            }
            return runner.outcomes();
        }
    }
}
