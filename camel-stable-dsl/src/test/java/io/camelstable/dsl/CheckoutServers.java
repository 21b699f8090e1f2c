package io.camelstable.dsl;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.buffer.BufferConfig;
import io.camelstable.buffer.StableBuffer;
import io.camelstable.function.FunctionInvoker;
import io.camelstable.hook.ResponseAnalyzer;
import io.camelstable.hook.SuccessfulAttemptHandler;
import io.camelstable.testing.ScriptedHttpServer;
import io.camelstable.testing.ScriptedHttpServer.Reply;

/**
 * The seed page's checkout (SPEC §1.18), against local servers: two warehouses (east answers 503 once), a
 * payment API that fails twice and then charges, a tax function, and a StableBuffer shared by the items.
 */
final class CheckoutServers implements AutoCloseable {

    static final Map<String, Double> TAX_RATES = Map.of("CA", 0.0725, "NY", 0.08, "TX", 0.0625, "WA", 0.065);
    static final String INVENTORY_BODY = "{\"sku\":\"PROD-123\",\"quantity\":2}";
    static final String PAYMENT_BODY = "{\"amount\":16199,\"currency\":\"usd\"}";

    final ScriptedHttpServer west = new ScriptedHttpServer();
    final ScriptedHttpServer east = new ScriptedHttpServer();
    final ScriptedHttpServer payments = new ScriptedHttpServer();
    final AtomicInteger taxCalls = new AtomicInteger();
    final StableBuffer order = StableBuffer.create("order",
            BufferConfig.builder().initialState(Map.of("orderId", "ORD-98765", "customerId", "CUST-12345")).build());

    CheckoutServers() throws IOException {
        west.script("/inventory/check", Reply.of(200, "{\"available\":true,\"warehouse\":\"west\",\"stock\":12}"));
        east.script("/inventory/check", Reply.of(503, "busy"),
                Reply.of(200, "{\"available\":true,\"warehouse\":\"east\",\"stock\":3}"));
        payments.script("/v1/charges", Reply.of(503, "try later"), Reply.of(200, "{\"status\":\"pending\"}"),
                Reply.of(200, "{\"transactionId\":\"tx-1\",\"status\":\"succeeded\"}"));
    }

    /** The tax function: (subtotal, state) → tax and total. */
    FunctionInvoker tax() {
        return (exchange, arguments) -> {
            taxCalls.incrementAndGet();
            List<?> args = (List<?>) arguments;
            double subtotal = ((Number) args.get(0)).doubleValue();
            double rate = TAX_RATES.getOrDefault((String) args.get(1), 0.08);
            return Map.of("tax", subtotal * rate, "total", subtotal * (1 + rate));
        };
    }

    /** Accepts a charge only once it succeeded (a pending charge is retried). */
    static ResponseAnalyzer paymentSucceeded() {
        return ctx -> ctx.exchange().getContext().getTypeConverter().convertTo(String.class, ctx.data())
                .contains("\"succeeded\"");
    }

    /** Records the accepted charge in the shared buffer, as one transaction; reading never queues. */
    static SuccessfulAttemptHandler recordPayment() {
        return ctx -> StableBuffer.of(ctx.commonBuffer()).transaction(state -> state.put("payment", "tx-1"));
    }

    @Override
    public void close() throws IOException {
        west.close();
        east.close();
        payments.close();
        order.close();
    }
}
