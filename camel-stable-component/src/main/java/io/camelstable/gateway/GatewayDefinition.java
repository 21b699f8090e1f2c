package io.camelstable.gateway;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.camelstable.buffer.StableBuffer;
import io.camelstable.component.StableComponent;
import io.camelstable.function.FunctionInvoker;
import io.camelstable.guardrail.MetricGuardrail;
import io.camelstable.guardrail.MetricsGuardrails;
import org.apache.camel.CamelContext;

/**
 * What a gateway runs and how (the seed's {@code stableApiGateway}): items, groups, the options they cascade
 * (item > group > gateway), and the gateway's own settings. Written in Java with {@link Gateway#define}, or read
 * from YAML with {@link GatewayYaml}; bound in the registry under its id it is what {@code stable:gateway:<id>}
 * runs. A definition is checked as it is written; {@link #build} checks what needs the Camel context.
 *
 * <pre>{@code
 * GatewayDefinition checkout = Gateway.define("checkout")
 *         .concurrent(true).maxConcurrentRequests(10).option("attempts", 2)
 *         .group("inventory", g -> g.option("attempts", 3))
 *         .request("stock-a", "http://127.0.0.1:8080/stock/a", i -> i.group("inventory"))
 *         .function("tax", (exchange, args) -> tax(exchange.getMessage().getBody()));
 * }</pre>
 */
public final class GatewayDefinition extends OptionLevel<GatewayDefinition> {

    private final String id;
    private final Map<String, GroupDefinition> groups = new LinkedHashMap<>();
    private final Map<String, ItemDefinition> items = new LinkedHashMap<>();
    private final Map<String, Object> executionContext = new LinkedHashMap<>();
    private final Map<String, MetricGuardrail> guardrails = new LinkedHashMap<>();
    private boolean concurrent = true;
    private int maxConcurrentRequests;
    private boolean stopOnFirstError;
    private boolean racing;
    private long maxTimeoutMillis;
    private Map<String, Object> sharedBuffer;

    GatewayDefinition(String id) {
        this(id, new OptionMap());
    }

    private GatewayDefinition(String id, OptionMap options) {
        super(options);
        this.id = Names.require("id", id);
    }

    /**
     * @param  concurrent true (the default): items run at the same time, up to {@link #maxConcurrentRequests};
     *                    false: one after another in declaration order, each seeing what the earlier ones wrote
     * @return            this
     */
    public GatewayDefinition concurrent(boolean concurrent) {
        this.concurrent = concurrent;
        return this;
    }

    /**
     * @param  max at most this many items running at once, the next starting when one ends (no thread waits);
     *             0 (the default) launches every item at once
     * @return     this
     */
    public GatewayDefinition maxConcurrentRequests(int max) {
        if (max < 0) {
            throw new GatewayDefinitionException(where() + ": maxConcurrentRequests must be 0 (no limit) or more, not " + max);
        }
        this.maxConcurrentRequests = max;
        return this;
    }

    /**
     * @param  stop stop at the first failed item: items running are cancelled (CANCELLED), items not started are
     *              reported NOT_STARTED
     * @return      this
     */
    public GatewayDefinition stopOnFirstError(boolean stop) {
        this.stopOnFirstError = stop;
        return this;
    }

    /**
     * @param  racing the first item to succeed wins and the others are cancelled; a failure never wins, and when
     *                every item fails the gateway fails with every item's error
     * @return        this
     */
    public GatewayDefinition racing(boolean racing) {
        this.racing = racing;
        return this;
    }

    /**
     * @param  timeout the whole run's limit: on expiry items running are cancelled and items not started are
     *                 reported NOT_STARTED, and the result says it timed out; zero for none
     * @return         this
     */
    public GatewayDefinition maxTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new GatewayDefinitionException(where() + ": maxTimeout must be 0 (none) or more, not " + timeout);
        }
        this.maxTimeoutMillis = timeout.toMillis();
        return this;
    }

    /**
     * @param  buffer the {@code commonBuffer} of every item that does not set one itself (the seed let it override
     *                the item's own); hooks see it, and items find it in the exchange property
     *                {@code CamelStableGatewayBuffer}
     * @return        this
     */
    public GatewayDefinition sharedBuffer(Map<String, Object> buffer) {
        this.sharedBuffer = buffer;
        return this;
    }

    /**
     * @param  buffer a StableBuffer whose read-only view every item that sets no {@code commonBuffer} shares: hooks
     *                read its latest committed state without queuing and write through its transactions
     * @return        this
     */
    public GatewayDefinition sharedBuffer(StableBuffer buffer) {
        return sharedBuffer(buffer.view());
    }

    /**
     * @param  key   an execution id handed to every item's hooks and result (each item adds requestId, groupId and
     *               gatewayId)
     * @param  value its value; null removes the key
     * @return       this
     */
    public GatewayDefinition executionContext(String key, Object value) {
        if (value == null) {
            executionContext.remove(key);
        } else {
            executionContext.put(key, value);
        }
        return this;
    }

    /**
     * @param  metric                     a gateway metric: one of {@link GatewayMetrics#NAMES}
     * @param  bounds                     its bounds
     * @return                            this
     * @throws GatewayDefinitionException for an unknown metric
     */
    public GatewayDefinition guardrail(String metric, MetricGuardrail bounds) {
        try {
            new MetricsGuardrails(Map.of(metric, bounds), GatewayMetrics.NAMES);
        } catch (IllegalArgumentException e) {
            throw new GatewayDefinitionException(where() + ": " + e.getMessage(), e);
        }
        guardrails.put(metric, bounds);
        return this;
    }

    /**
     * @param  name a circuit breaker every item uses unless its group or itself names another
     * @return      this
     */
    public GatewayDefinition circuitBreaker(String name) {
        return option("circuitBreaker", name);
    }

    /**
     * One rate limit for all items: at most {@code maxRequests} attempts start within any window.
     *
     * @param  maxRequests starts per window
     * @param  window      the window
     * @return             this
     */
    public GatewayDefinition rateLimit(int maxRequests, Duration window) {
        option("rateLimitMaxRequests", maxRequests);
        return option("rateLimitWindow", window);
    }

    /**
     * @param  id   the group's id
     * @param  spec sets the group's options
     * @return      this
     */
    public GatewayDefinition group(String id, Consumer<GroupDefinition> spec) {
        GroupDefinition group = groups.computeIfAbsent(Names.require("group id", id),
                g -> new GroupDefinition(this.id, g, new OptionMap()));
        spec.accept(group);
        return this;
    }

    /** @param id the item's id @param uri any Camel endpoint URI, with the delegate's own options @return this */
    public GatewayDefinition request(String id, String uri) {
        return request(id, uri, i -> {
        });
    }

    /**
     * @param  id   the item's id
     * @param  uri  any Camel endpoint URI, with the delegate's own options (as {@code stable:request} takes it)
     * @param  spec sets the item's group and options
     * @return      this
     */
    public GatewayDefinition request(String id, String uri, Consumer<ItemDefinition> spec) {
        return add(new ItemDefinition(this.id, id, ItemKind.REQUEST, uri, null, new OptionMap()), spec);
    }

    /** @param id the item's id @param function called with the item's exchange and arguments @return this */
    public GatewayDefinition function(String id, FunctionInvoker function) {
        return function(id, function, i -> {
        });
    }

    /**
     * @param  id       the item's id
     * @param  function called with the item's exchange (a copy of the gateway's) and arguments
     * @param  spec     sets the item's group, options and arguments
     * @return          this
     */
    public GatewayDefinition function(String id, FunctionInvoker function, Consumer<ItemDefinition> spec) {
        return add(new ItemDefinition(this.id, id, ItemKind.FUNCTION, null, function, new OptionMap()), spec);
    }

    /**
     * @param  id   the item's id
     * @param  bean a registry bean, as {@code stable:function} takes it (the {@code method} option names a method)
     * @param  spec sets the item's group, options and arguments
     * @return      this
     */
    public GatewayDefinition function(String id, String bean, Consumer<ItemDefinition> spec) {
        return add(new ItemDefinition(this.id, id, ItemKind.FUNCTION, bean, null, new OptionMap()), spec);
    }

    private GatewayDefinition add(ItemDefinition item, Consumer<ItemDefinition> spec) {
        if (items.containsKey(item.getId())) {
            throw new GatewayDefinitionException(item.where() + ": the id is used by another item");
        }
        spec.accept(item);
        items.put(item.getId(), item);
        return this;
    }

    /**
     * Checks what needs the context (beans, classes, shared resources, endpoint URIs) and readies the items on the
     * context's {@code stable} component.
     *
     * @param  context                    the Camel context
     * @return                            a gateway ready to run; close it when done
     * @throws GatewayDefinitionException naming the item, option, value and what is allowed
     */
    public Gateway build(CamelContext context) {
        return Gateway.compile(context.getComponent("stable", StableComponent.class), this).open();
    }

    /** @return an independent copy, for a variant (an endpoint's overrides) */
    public GatewayDefinition copy() {
        GatewayDefinition copy = new GatewayDefinition(id, copyOptions());
        groups.forEach((k, g) -> copy.groups.put(k, g.copy()));
        items.forEach((k, i) -> copy.items.put(k, i.copy()));
        copy.executionContext.putAll(executionContext);
        copy.guardrails.putAll(guardrails);
        copy.concurrent = concurrent;
        copy.maxConcurrentRequests = maxConcurrentRequests;
        copy.stopOnFirstError = stopOnFirstError;
        copy.racing = racing;
        copy.maxTimeoutMillis = maxTimeoutMillis;
        copy.sharedBuffer = sharedBuffer;
        return copy;
    }

    @Override
    String where() {
        return "gateway '" + id + "'";
    }

    @Override
    GatewayDefinition self() {
        return this;
    }

    /** @return the gateway's id */
    public String getId() {
        return id;
    }

    /** @return whether items run concurrently (else in declaration order) */
    public boolean isConcurrent() {
        return concurrent;
    }

    /** @return items running at once at most, 0 for all */
    public int getMaxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** @return whether the first failure stops the run */
    public boolean isStopOnFirstError() {
        return stopOnFirstError;
    }

    /** @return whether the first success wins */
    public boolean isRacing() {
        return racing;
    }

    /** @return the run's limit in milliseconds, 0 for none */
    public long getMaxTimeoutMillis() {
        return maxTimeoutMillis;
    }

    /** @return the buffer of items that set none, or null */
    public Map<String, Object> getSharedBuffer() {
        return sharedBuffer;
    }

    /** @return ids merged into every item's execution context */
    public Map<String, Object> getExecutionContext() {
        return Collections.unmodifiableMap(executionContext);
    }

    /** @return bounds on the gateway's metrics */
    public Map<String, MetricGuardrail> getGuardrails() {
        return Collections.unmodifiableMap(guardrails);
    }

    /** @return the groups, in declaration order */
    public List<GroupDefinition> getGroups() {
        return List.copyOf(groups.values());
    }

    /** @return the items, in declaration order */
    public List<ItemDefinition> getItems() {
        return List.copyOf(items.values());
    }
}
