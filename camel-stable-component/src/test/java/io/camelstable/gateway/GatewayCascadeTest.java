package io.camelstable.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.camelstable.breaker.CircuitBreakerMetrics;
import io.camelstable.breaker.StableCircuitBreaker;
import io.camelstable.component.StableComponent;
import io.camelstable.component.StableConstants;
import io.camelstable.function.FunctionInvoker;
import io.camelstable.guardrail.GuardrailViolationException;
import io.camelstable.result.AttemptStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Options cascade item > group > gateway, key by key; an item that leaves an option unset or sets it to null
 * inherits it (SPEC §4.2 #13 fixed), and every option cascades, breakers and guardrails included (#12 fixed).
 */
class GatewayCascadeTest extends GatewayTestSupport {

    /** Fails until its n-th call with the same arguments, then returns them. */
    private static FunctionInvoker succeedsOnCall(int n, Map<Object, AtomicInteger> calls) {
        return (exchange, args) -> {
            if (calls.computeIfAbsent(args, k -> new AtomicInteger()).incrementAndGet() < n) {
                throw new IllegalStateException(args + " not yet");
            }
            return args;
        };
    }

    @Test
    void theMostSpecificLevelWinsAndAnUnsetItemOptionInherits() throws Exception {
        FunctionInvoker neverWorks = failing("down");
        GatewayResult result = run(Gateway.define("cascade").option("attempts", 2).option("wait", "1ms")
                .group("inventory", g -> g.option("attempts", 3))
                .function("gateway-level", neverWorks)
                .function("group-level", neverWorks, i -> i.group("inventory"))
                .function("item-level", neverWorks, i -> i.group("inventory").option("attempts", 4))
                .function("explicit-null", neverWorks, i -> i.group("inventory").option("attempts", 4).option("attempts", null))
                .function("null-map", neverWorks, i -> {
                    Map<String, Object> options = new HashMap<>();
                    options.put("attempts", null);
                    i.group("inventory").options(options);
                }), "in");

        assertThat(result.getItems()).extracting(item -> item.getResult().getTotalAttempts()).containsExactly(2, 3, 4, 3, 3);
    }

    @Test
    void breakersCascadeAndAGroupCanNameAnother() throws Exception {
        StableComponent stable = context.getComponent("stable", StableComponent.class);
        StableCircuitBreaker groupBreaker = stable.getSharedResources().breaker("cascade-group-breaker", null);
        groupBreaker.forceOpen();
        GatewayResult result = run(Gateway.define("breakers").circuitBreaker("cascade-gateway-breaker")
                .group("guarded", g -> g.option("circuitBreaker", "cascade-group-breaker"))
                .function("outside", (exchange, args) -> "ok")
                .function("inside", (exchange, args) -> "ok", i -> i.group("guarded")), "in");

        assertThat(result.item("outside").isSuccess()).isTrue();
        assertThat(result.item("inside").getStatus()).isEqualTo(ItemStatus.FAILED);
        assertThat(result.item("inside").getResult().getAttempts().get(0).status()).isEqualTo(AttemptStatus.NOT_PERMITTED);
        assertThat(result.getMetrics().infrastructureMetrics().circuitBreakers()).extracting(CircuitBreakerMetrics::name)
                .containsExactly("cascade-gateway-breaker", "cascade-group-breaker");
    }

    @Test
    void breakerSettingsWithoutANameGiveTheLevelOneSharedBreaker() throws Exception {
        GatewayResult result = run(Gateway.define("unnamed").option("minimumRequests", 2)
                .option("failureThresholdPercentage", 50)
                .function("a", failing("down")).function("b", failing("down")).concurrent(false)
                .function("c", (exchange, args) -> "never called"), "in");

        // a and b fail on the one breaker of the gateway, which opens before c
        assertThat(result.getMetrics().infrastructureMetrics().circuitBreakers()).extracting(CircuitBreakerMetrics::name)
                .containsExactly("gateway:unnamed");
        assertThat(result.item("c").getResult().getAttempts().get(0).status()).isEqualTo(AttemptStatus.NOT_PERMITTED);
    }

    @Test
    void guardrailsCascadeKeyByKey() throws Exception {
        Map<Object, AtomicInteger> calls = new ConcurrentHashMap<>();
        FunctionInvoker twoCalls = succeedsOnCall(2, calls);
        GatewayResult result = run(Gateway.define("guarded").option("attempts", 2).option("wait", "1ms")
                .option("guardrail.totalAttempts.max", 1)
                .group("strict", g -> g.option("enforceGuardrails", true))
                .function("enforced", twoCalls, i -> i.group("strict").arguments("enforced"))
                .function("relaxed", twoCalls, i -> i.group("strict").arguments("relaxed")
                        .option("guardrail", Map.of("totalAttempts", Map.of("max", 3))))
                .function("reported", twoCalls, i -> i.arguments("reported")), "in");

        assertThat(result.item("enforced").getStatus()).isEqualTo(ItemStatus.FAILED);
        assertThat(result.item("enforced").getResult().getFailure()).isInstanceOf(GuardrailViolationException.class);
        assertThat(result.item("relaxed").isSuccess()).isTrue();
        assertThat(result.item("relaxed").getResult().getValidation().valid()).isTrue();
        assertThat(result.item("reported").isSuccess()).as("not enforced outside the group").isTrue();
        assertThat(result.item("reported").getResult().getValidation().valid()).isFalse();
    }

    @Test
    void everyItemGetsTheGatewayContextWithItsOwnIds() throws Exception {
        GatewayResult result = run(Gateway.define("ids").executionContext("workflowId", "wf-1")
                .group("g", g -> g.option("context.phaseId", "p-1"))
                .function("a", (exchange, args) -> "a", i -> i.group("g"))
                .function("b", (exchange, args) -> "b"), "in");

        assertThat(result.item("a").getResult().getExecutionContext()).containsEntry("workflowId", "wf-1")
                .containsEntry("phaseId", "p-1").containsEntry("requestId", "a").containsEntry("groupId", "g")
                .containsEntry("gatewayId", "ids");
        assertThat(result.item("b").getResult().getExecutionContext()).containsEntry("requestId", "b")
                .doesNotContainKey("groupId").doesNotContainKey("phaseId");
    }

    @Test
    void theSharedBufferNeverReplacesAnItemsOwnBuffer() throws Exception {
        Map<String, Object> shared = new ConcurrentHashMap<>();
        Map<String, Object> own = new ConcurrentHashMap<>();
        FunctionInvoker mark = (exchange, args) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> buffer = exchange.getProperty(StableConstants.GATEWAY_BUFFER, Map.class);
            buffer.put(String.valueOf(args), true);
            return args;
        };
        run(Gateway.define("buffers").sharedBuffer(shared)
                .function("uses-shared", mark, i -> i.arguments("uses-shared"))
                .function("keeps-own", mark, i -> i.arguments("keeps-own").option("commonBuffer", own)), "in");

        assertThat(shared).containsOnlyKeys("uses-shared");
        assertThat(own).containsOnlyKeys("keeps-own");
    }
}
