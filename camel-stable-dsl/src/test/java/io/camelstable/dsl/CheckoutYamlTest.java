package io.camelstable.dsl;

import java.util.function.Function;

import io.camelstable.gateway.GatewayResult;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same checkout as {@link CheckoutJavaDslTest}, declared in YAML: the gateway in
 * {@code gateways/checkout.yaml}, the route in {@code routes/checkout-route.yaml}, run by Camel Main.
 */
class CheckoutYamlTest {

    @Test
    void yamlCheckoutGivesTheSameResultAsTheJavaDsl() throws Exception {
        try (CheckoutServers servers = new CheckoutServers()) {
            Main main = new Main();
            main.configure().withRoutesIncludePattern("classpath:routes/checkout-route.yaml");
            main.addInitialProperty("west.url", servers.west.url());
            main.addInitialProperty("east.url", servers.east.url());
            main.addInitialProperty("payments.url", servers.payments.url());
            main.bind("order", servers.order);
            main.bind("taxFunction", (Function<Object, Object>) args -> invokeTax(servers, args));
            main.bind("paymentSucceeded", CheckoutServers.paymentSucceeded());
            main.bind("recordPayment", CheckoutServers.recordPayment());
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                ProducerTemplate template = context.createProducerTemplate();

                GatewayResult result = template.requestBody("direct:checkout", null, GatewayResult.class);
                CheckoutJavaDslTest.assertCheckout(result, servers);

                GatewayResult again = template.requestBody("direct:checkout", null, GatewayResult.class);
                assertThat(again.item("calculate-tax").getResult().isFromCache()).isTrue();
                assertThat(servers.taxCalls).hasValue(1);
            } finally {
                main.stop();
            }
        }
    }

    private static Object invokeTax(CheckoutServers servers, Object args) {
        try {
            return servers.tax().invoke(null, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
