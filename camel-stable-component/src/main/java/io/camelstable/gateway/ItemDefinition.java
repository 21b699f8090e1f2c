package io.camelstable.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelstable.function.FunctionInvoker;

/**
 * One item of a gateway: a request (any Camel endpoint URI) or a function (a registry bean, or a Java
 * {@link FunctionInvoker}), with an id, an optional group and its own options, which win over its group's and
 * the gateway's.
 */
public final class ItemDefinition extends OptionLevel<ItemDefinition> {

    private final String gatewayId;
    private final String id;
    private final ItemKind kind;
    private final String target;
    private final FunctionInvoker function;
    private String groupId;
    private Object arguments;
    private Object body;
    private final Map<String, Object> headers = new LinkedHashMap<>();

    ItemDefinition(String gatewayId, String id, ItemKind kind, String target, FunctionInvoker function, OptionMap options) {
        super(options);
        this.gatewayId = gatewayId;
        this.id = Names.require("item id", id);
        this.kind = kind;
        this.target = target;
        this.function = function;
        if (function == null && (target == null || target.isBlank())) {
            throw new GatewayDefinitionException(where() + ": " + (kind == ItemKind.REQUEST
                    ? "a request item needs an endpoint URI" : "a function item needs a bean name or a function"));
        }
    }

    /** @param  groupId the group whose options this item inherits, or null for none @return this */
    public ItemDefinition group(String groupId) {
        this.groupId = groupId;
        return this;
    }

    /**
     * @param  arguments what a function item is called with instead of the message body (as the Java API's
     *                   arguments); ignored by request items
     * @return           this
     */
    public ItemDefinition arguments(Object arguments) {
        this.arguments = arguments;
        return this;
    }

    /**
     * @param  body the message body this item sends instead of the gateway's (the seed's {@code reqData.body});
     *              a function item without arguments receives it as its input
     * @return      this
     */
    public ItemDefinition body(Object body) {
        this.body = body;
        return this;
    }

    /**
     * @param  name  a header this item sets on its copy of the gateway's message (for example
     *               {@code CamelHttpMethod}), on top of the gateway's headers
     * @param  value its value
     * @return       this
     */
    public ItemDefinition header(String name, Object value) {
        headers.put(name, value);
        return this;
    }

    /** @return the item's own body, or null to send the gateway's */
    public Object getBody() {
        return body;
    }

    /** @return the headers the item sets, in the order given */
    public Map<String, Object> getHeaders() {
        return Map.copyOf(headers);
    }

    /** @return the item's id, its {@code requestId} in results and execution contexts */
    public String getId() {
        return id;
    }

    /** @return what the item calls */
    public ItemKind getKind() {
        return kind;
    }

    /** @return the endpoint URI of a request, the bean name of a function, or null for a Java function */
    public String getTarget() {
        return target;
    }

    /** @return the Java function, or null */
    public FunctionInvoker getFunction() {
        return function;
    }

    /** @return the group, or null */
    public String getGroupId() {
        return groupId;
    }

    /** @return the arguments of a function item, or null for the message body */
    public Object getArguments() {
        return arguments;
    }

    @Override
    String where() {
        return "item '" + id + "' of gateway '" + gatewayId + "'";
    }

    @Override
    ItemDefinition self() {
        return this;
    }

    ItemDefinition copy() {
        ItemDefinition copy = new ItemDefinition(gatewayId, id, kind, target, function, copyOptions());
        copy.groupId = groupId;
        copy.arguments = arguments;
        copy.body = body;
        copy.headers.putAll(headers);
        return copy;
    }
}
