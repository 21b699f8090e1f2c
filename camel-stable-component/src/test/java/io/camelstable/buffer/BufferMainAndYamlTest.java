package io.camelstable.buffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.camelstable.component.StableBufferEndpoint;
import io.camelstable.component.StableComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Buffers declared as BufferDefinition beans in YAML and with Camel Main properties, used by a YAML route. */
class BufferMainAndYamlTest {

    private Main main;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void yamlAndPropertyDeclaredBuffersAreSharedByName() throws Exception {
        main = new Main();
        main.bind("take", (NamedTransaction) (state, p) -> {
            int left = (Integer) state.get("stock") - (Integer) p.get("quantity");
            if (left < 0) {
                throw new IllegalStateException("only " + state.get("stock") + " left");
            }
            state.put("stock", left);
            return left;
        });
        main.bind("note", (BufferTransaction) (state, exchange) -> state.put("noted", true));
        Path log = dir.resolve("orders.jsonl");
        main.configure().withRoutesIncludePattern("classpath:routes/buffer-beans.yaml");
        main.addInitialProperty("camel.beans.orders", "#class:io.camelstable.buffer.BufferDefinition");
        main.addInitialProperty("camel.beans.orders.logFile", log.toString());
        main.addInitialProperty("camel.beans.orders.transactionTimeout", "5s");
        main.addInitialProperty("camel.beans.orders.guardrail[averageQueueWaitMs.max]", "1000");
        main.addInitialProperty("camel.beans.orders.initialStateJson", "{\"region\": \"north\", \"limit\": 5}");
        main.addInitialProperty("camel.beans.orders.transactions[take]", "#take");
        main.start();
        CamelContext context = main.getCamelContext();

        assertThat(context.createProducerTemplate().requestBody("direct:take", Map.of("quantity", 3))).isEqualTo(7);
        StableBuffer inventory = context.getEndpoint("stable:buffer:inventory?operation=read", StableBufferEndpoint.class)
                .getBuffer();
        assertThat(inventory.read()).isEqualTo(Map.of("stock", 7));
        assertThat(inventory.getConfig().transactionTimeoutMs()).isEqualTo(2000);
        assertThat(inventory.getConfig().transactions().names()).containsExactly("take");

        Exchange failed = context.createProducerTemplate().send("stable:buffer:orders?operation=transaction&transaction=#take",
                e -> e.getMessage().setBody(Map.of("quantity", 1)));
        assertThat(failed.getException()).isInstanceOf(NullPointerException.class); // it has no stock
        StableBuffer orders = context.getComponent("stable", StableComponent.class).getSharedResources().buffers().stream()
                .filter(b -> b.getName().equals("orders")).findFirst().orElseThrow();
        assertThat(orders.getConfig().transactionTimeoutMs()).isEqualTo(5000);
        assertThat(orders.getConfig().initialState()).isEqualTo(Map.of("region", "north", "limit", 5));
        assertThat(orders.getConfig().transactions().names()).containsExactly("take");
        assertThat(orders.getMetrics().validation()).isNotNull();
        assertThat(orders.getMetrics().failed()).isEqualTo(1); // and nothing was logged
        assertThat(Files.exists(log)).isFalse();
        context.createProducerTemplate().sendBody("stable:buffer:orders?operation=transaction&transaction=#note", "x");
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1).first().asString().contains("\"buffer\":\"orders\"");
    }
}
