package io.camelstable.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.camelstable.component.StableComponent;
import io.camelstable.component.StableEndpoint;
import io.camelstable.engine.StableEngine;
import io.camelstable.guardrail.MetricsGuardrails;
import io.camelstable.policy.InvalidOptionException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * A gateway ready to run (the seed's {@code stableApiGateway}): its items are {@code stable:request} and
 * {@code stable:function} endpoints built from the cascaded options, each run as one cancellable execution of the
 * component's engine, so a gateway has no retry loop of its own. Thread-safe: runs may overlap.
 *
 * <pre>{@code
 * try (Gateway checkout = Gateway.define("checkout")
 *         .request("stock", "http://127.0.0.1:8080/stock").function("tax", (exchange, args) -> 7)
 *         .build(camelContext)) {
 *     GatewayResult result = checkout.execute(order).join();
 * }
 * }</pre>
 */
public final class Gateway implements AutoCloseable {

    private final StableComponent component;
    private final GatewayDefinition definition;
    private final List<CompiledItem> items;
    private final MetricsGuardrails guardrails;
    /** The items' distinct breakers, limiters and caches, found once (a run's end only reads their metrics). */
    private final Supplier<GatewayInfrastructure> infrastructure;
    private boolean open;

    private Gateway(StableComponent component, GatewayDefinition definition, List<CompiledItem> items,
                    MetricsGuardrails guardrails) {
        this.component = component;
        this.definition = definition;
        this.items = List.copyOf(items);
        this.guardrails = guardrails;
        this.infrastructure = GatewayInfrastructure.of(this.items.stream().map(CompiledItem::options).toList());
    }

    /**
     * @param  id the gateway's id: the registry name {@code stable:gateway:<id>} looks up, and every item's
     *            {@code gatewayId}
     * @return    an empty definition to fill in
     */
    public static GatewayDefinition define(String id) {
        return new GatewayDefinition(id);
    }

    /**
     * Builds every item's endpoint from its cascaded options (gateway, then group, then item), through the same
     * checks as {@code stable:} URIs. The gateway is not open yet.
     *
     * @param  component                  the component whose engine and shared resources the items use
     * @param  definition                 what to run (copied: later changes to it do not apply)
     * @return                            the gateway
     * @throws GatewayDefinitionException naming the item or group, the option, the value and what is allowed
     */
    public static Gateway compile(StableComponent component, GatewayDefinition definition) {
        GatewayDefinition d = definition.copy();
        if (d.isRacing() && d.isStopOnFirstError()) {
            throw new GatewayDefinitionException(d.where() + ": racing and stopOnFirstError exclude each other (with racing"
                    + " a failure only drops that item from the race)");
        }
        Map<String, GroupDefinition> groups = new LinkedHashMap<>();
        d.getGroups().forEach(g -> groups.put(g.getId(), g));
        List<CompiledItem> compiled = new ArrayList<>();
        for (ItemDefinition item : d.getItems()) {
            compiled.add(new CompiledItem(item, endpointOf(component, d, groups, item)));
        }
        MetricsGuardrails guardrails = d.getGuardrails().isEmpty() ? null
                : new MetricsGuardrails(d.getGuardrails(), GatewayMetrics.NAMES);
        return new Gateway(component, d, compiled, guardrails);
    }

    private static StableEndpoint endpointOf(StableComponent component, GatewayDefinition d,
            Map<String, GroupDefinition> groups, ItemDefinition item) {
        String prefix = "gateway:" + d.getId();
        OptionCascade cascade = new OptionCascade();
        Map<String, Object> context = new LinkedHashMap<>();
        d.getExecutionContext().forEach((k, v) -> context.put("context." + k, v));
        cascade.over(d.where(), prefix, context).over(d.where(), prefix, d.getOptions());
        String group = item.getGroupId();
        if (group != null) {
            GroupDefinition g = groups.get(group);
            if (g == null) {
                throw new GatewayDefinitionException(item.where() + ": group '" + group + "' is not defined; the gateway has "
                        + groups.keySet());
            }
            cascade.over(g.where(), prefix + ":group:" + group, g.getOptions());
        }
        cascade.over(item.where(), prefix + ":item:" + item.getId(), item.getOptions());
        Map<String, Object> options = cascade.options();
        options.put("context.gatewayId", d.getId());
        options.put("context.requestId", item.getId());
        if (group != null) {
            options.put("context.groupId", group);
        }
        if (!options.containsKey("commonBuffer") && d.getSharedBuffer() != null) {
            options.put("commonBuffer", d.getSharedBuffer());
        }
        boolean request = item.getKind() == ItemKind.REQUEST;
        try {
            // a YAML file's {{placeholders}} resolve as they do in a route's URIs
            String target = item.getTarget() == null ? item.getId()
                    : component.getCamelContext().resolvePropertyPlaceholders(item.getTarget());
            return component.createItemEndpoint("stable:gateway:" + d.getId() + "/" + item.getId(),
                    request ? "request" : "function", target, item.getFunction(), options);
        } catch (InvalidOptionException e) {
            String origin = cascade.originOf(e.getOption());
            throw new GatewayDefinitionException(item.where() + (group == null ? "" : " (group '" + group + "')") + ": "
                    + e.getMessage() + (origin == null ? "" : " (the option is set by the " + origin + ")"), e);
        } catch (Exception e) {
            throw new GatewayDefinitionException(item.where() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts the items' endpoints (an HTTP delegate's client, for example). Harmless when already open.
     *
     * @return this
     */
    public synchronized Gateway open() {
        if (!open) {
            try {
                for (CompiledItem item : items) {
                    ServiceHelper.startService(item.endpoint);
                    GatewayAttempt attempt = new GatewayAttempt(item.endpoint.newAttempt());
                    ServiceHelper.startService(attempt);
                    item.attempt = attempt;
                }
            } catch (Exception e) {
                close();
                throw RuntimeCamelException.wrapRuntimeCamelException(e);
            }
            open = true;
        }
        return this;
    }

    /** Stops the items' endpoints; runs still under way end as their executions end. */
    @Override
    public synchronized void close() {
        for (CompiledItem item : items) {
            ServiceHelper.stopService(item.attempt);
            ServiceHelper.stopService(item.endpoint);
        }
        open = false;
    }

    /**
     * Starts a run with the given input: request items send a copy of its message, function items get its body.
     *
     * @param  input the exchange entering the gateway (it is not changed)
     * @return       the run under way
     */
    public GatewayExecution run(Exchange input) {
        synchronized (this) {
            if (!open) {
                throw new IllegalStateException("Gateway '" + definition.getId() + "' is not open");
            }
        }
        GatewayRun run = new GatewayRun(this, input);
        run.start();
        return run;
    }

    /**
     * @param  body    the message body items receive
     * @param  headers the message headers request items send, may be null
     * @return         the run under way
     */
    public GatewayExecution run(Object body, Map<String, Object> headers) {
        Exchange input = new DefaultExchange(component.getCamelContext());
        input.getMessage().setBody(body);
        if (headers != null) {
            input.getMessage().getHeaders().putAll(headers);
        }
        return run(input);
    }

    /**
     * @param  body the message body items receive
     * @return      completes with the result, successful or not ({@link GatewayResult#orThrow()} raises a failure)
     */
    public CompletableFuture<GatewayResult> execute(Object body) {
        return run(body, null).result();
    }

    /**
     * @param  body    the message body items receive
     * @param  headers the message headers request items send
     * @return         completes with the result, successful or not
     */
    public CompletableFuture<GatewayResult> execute(Object body, Map<String, Object> headers) {
        return run(body, headers).result();
    }

    /**
     * @param  input the exchange entering the gateway
     * @return       completes with the result, successful or not
     */
    public CompletableFuture<GatewayResult> execute(Exchange input) {
        return run(input).result();
    }

    /** @return the gateway's id */
    public String getId() {
        return definition.getId();
    }

    /** @return the definition it runs (a copy taken when it was compiled) */
    public GatewayDefinition getDefinition() {
        return definition;
    }

    List<CompiledItem> items() {
        return items;
    }

    Supplier<GatewayInfrastructure> infrastructure() {
        return infrastructure;
    }

    MetricsGuardrails guardrails() {
        return guardrails;
    }

    StableEngine engine() {
        return component.getEngine();
    }

    CamelContext context() {
        return component.getCamelContext();
    }
}
