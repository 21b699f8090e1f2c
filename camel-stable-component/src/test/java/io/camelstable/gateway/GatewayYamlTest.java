package io.camelstable.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import io.camelstable.testing.ScriptedHttpServer.Reply;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gateways read from YAML, from the classpath and from a file; bad keys and values name the file and line. */
class GatewayYamlTest extends GatewayTestSupport {

    @TempDir
    Path dir;

    /** The tax bean of the checkout gateway. */
    public static final class Tax {
        /** @return the rate */
        public double rate() {
            return 0.2;
        }
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("priceFunction", (Function<Object, Object>) args -> "price of " + args);
        registry.bind("taxBean", new Tax());
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:stock").setBody(simple("stock of ${body}"));
                from("direct:checkout").to("stable:gateway:checkout?definition=classpath:gateways/checkout.yaml");
            }
        };
    }

    @Test
    void aGatewayFromTheClasspathRunsInARoute() {
        GatewayResult result = template.requestBody("direct:checkout", "sku-1", GatewayResult.class);

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.getItems()).extracting(GatewayItemResult::getRequestId).containsExactly("stock", "price", "tax");
        assertThat(result.item("stock").getData(String.class)).isEqualTo("stock of sku-1");
        assertThat(result.item("price").getData()).isEqualTo("price of " + List.of("sku-1", 2));
        assertThat(result.item("tax").getData()).isEqualTo(0.2);
        assertThat(result.item("stock").getResult().getExecutionContext()).containsEntry("workflowId", "checkout-flow");
        assertThat(result.getMetrics().validation().valid()).isTrue();
    }

    @Test
    void theFileSetsTheCascade() {
        GatewayDefinition d = GatewayYaml.load(context, "classpath:gateways/checkout.yaml");

        assertThat(d.getId()).isEqualTo("checkout");
        assertThat(d.getMaxConcurrentRequests()).isEqualTo(4);
        assertThat(d.getMaxTimeoutMillis()).isEqualTo(10_000);
        assertThat(d.getOptions()).containsEntry("attempts", "2").containsEntry("retryStrategy", "EXPONENTIAL");
        assertThat(d.getGroups().get(0).getOptions()).containsEntry("attempts", "3");
        assertThat(d.getItems().get(2).getOptions()).as("attempts: ~ inherits").doesNotContainKey("attempts")
                .containsEntry("method", "rate");
    }

    @Test
    void aGatewayFromAFileCallsHttpWithPlaceholders() throws Exception {
        server.script("/quote", Reply.of(200, "quote"));
        context.getPropertiesComponent().addOverrideProperty("quotes.url", server.url());
        Path file = dir.resolve("quotes.yaml");
        Files.writeString(file, String.join("\n",
                "id: quotes",
                "concurrentExecution: false",
                "items:",
                "  - id: primary",
                "    request: \"{{quotes.url}}/quote\"",
                "  - id: backup",
                "    function: priceFunction",
                "    options: {attemptTimeout: 1s}",
                ""));

        GatewayResult result = template.requestBody("stable:gateway:quotes?definition=file:" + file, "x", GatewayResult.class);

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.item("primary").getData(String.class)).isEqualTo("quote");
        assertThat(result.item("backup").getData()).isEqualTo("price of x");
        assertThat(server.seen("/quote")).hasSize(1);
    }

    @Test
    void anUnknownKeyNamesTheKeyTheFileAndTheLine() {
        assertThatThrownBy(() -> GatewayYaml.load(context, "classpath:gateways/bad-key.yaml"))
                .isInstanceOf(GatewayDefinitionException.class)
                .hasMessageContaining("classpath:gateways/bad-key.yaml:2: unknown key 'concurent' in the gateway")
                .hasMessageContaining("concurrentExecution");
    }

    @Test
    void aBadValueNamesTheGroupTheOptionTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> context.getEndpoint("stable:gateway:bad-value?definition=classpath:gateways/bad-value.yaml"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining("classpath:gateways/bad-value.yaml:5: group 'inventory' of gateway 'bad-value':"
                        + " Invalid value for stable option 'attempts': abc. Allowed: a whole number");
    }

    @Test
    void anItemNeedsARequestOrAFunction() {
        assertThatThrownBy(() -> GatewayYaml.parse("id: x\nitems:\n  - id: a\n", "inline.yaml", context))
                .hasMessageContaining("inline.yaml:3: item 'a' needs exactly one of request");
    }

    @Test
    void theEndpointIdMustMatchTheFile() {
        assertThatThrownBy(() -> context.getEndpoint("stable:gateway:other?definition=classpath:gateways/checkout.yaml"))
                .hasStackTraceContaining("defines gateway 'checkout', but the endpoint runs stable:gateway:other");
    }
}
