package io.camelstable.gateway;

/**
 * A group of gateway items: options its items inherit unless they set their own (item > group > gateway), and
 * a line of statistics in the result.
 */
public final class GroupDefinition extends OptionLevel<GroupDefinition> {

    private final String gatewayId;
    private final String id;

    GroupDefinition(String gatewayId, String id, OptionMap options) {
        super(options);
        this.gatewayId = gatewayId;
        this.id = Names.require("group id", id);
    }

    /** @return the group's id */
    public String getId() {
        return id;
    }

    @Override
    String where() {
        return "group '" + id + "' of gateway '" + gatewayId + "'";
    }

    @Override
    GroupDefinition self() {
        return this;
    }

    GroupDefinition copy() {
        return new GroupDefinition(gatewayId, id, copyOptions());
    }
}
