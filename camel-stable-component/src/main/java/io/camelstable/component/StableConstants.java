package io.camelstable.component;

import org.apache.camel.spi.Metadata;

/** Headers and properties a stable endpoint sets on the exchange (DESIGN §5). */
public final class StableConstants {

    /** Whether the execution succeeded. */
    @Metadata(description = "Whether the execution succeeded.", javaType = "boolean")
    public static final String SUCCESS = "CamelStableSuccess";

    /** How many attempts the execution made. */
    @Metadata(description = "How many attempts the execution made.", javaType = "int")
    public static final String ATTEMPTS = "CamelStableAttempts";

    /** Whether the data came from a cache. */
    @Metadata(description = "Whether the data came from a cache instead of a call.", javaType = "boolean")
    public static final String FROM_CACHE = "CamelStableFromCache";

    /** Milliseconds from the start of the execution to its result. */
    @Metadata(description = "Milliseconds from the start of the execution to its result.", javaType = "long")
    public static final String EXECUTION_TIME = "CamelStableExecutionTime";

    /** Set on a simulated success in trial mode. */
    @Metadata(description = "Set to true on the result of a simulated success in trial mode.", javaType = "boolean")
    public static final String TRIAL_MODE = "CamelStableTrialMode";

    /** Parameters of a named buffer transaction, instead of the body. */
    @Metadata(description = "For stable:buffer with a named transaction: its parameters (a Map), used instead of the body.",
              javaType = "java.util.Map<String, Object>")
    public static final String BUFFER_PARAMETERS = "CamelStableBufferParameters";

    /** Whether the gateway run succeeded. */
    @Metadata(description = "For stable:gateway: whether the run succeeded (every item, or with racing the winner).",
              javaType = "boolean")
    public static final String GATEWAY_SUCCESS = "CamelStableGatewaySuccess";

    /** Items of the gateway. */
    @Metadata(description = "For stable:gateway: how many items the gateway has.", javaType = "int")
    public static final String GATEWAY_TOTAL = "CamelStableGatewayTotal";

    /** Items that succeeded. */
    @Metadata(description = "For stable:gateway: how many items succeeded.", javaType = "int")
    public static final String GATEWAY_SUCCESSFUL = "CamelStableGatewaySuccessful";

    /** Items that failed. */
    @Metadata(description = "For stable:gateway: how many items failed (cancelled and never started items not counted).",
              javaType = "int")
    public static final String GATEWAY_FAILED = "CamelStableGatewayFailed";

    /** Whether the run's maxTimeout expired. */
    @Metadata(description = "For stable:gateway: whether the run's maxTimeout expired.", javaType = "boolean")
    public static final String GATEWAY_TIMED_OUT = "CamelStableGatewayTimedOut";

    /** The racing winner. */
    @Metadata(description = "For stable:gateway with racing: the id of the item that won.", javaType = "String")
    public static final String GATEWAY_WINNER = "CamelStableGatewayWinner";

    /** An item's id, on the messages GatewaySplit.items() makes. */
    @Metadata(description = "On a message split from a gateway result: the item's id.", javaType = "String")
    public static final String GATEWAY_ITEM_ID = "CamelStableGatewayItemId";

    /** An item's group, on split messages. */
    @Metadata(description = "On a message split from a gateway result: the item's group, if any.", javaType = "String")
    public static final String GATEWAY_GROUP_ID = "CamelStableGatewayGroupId";

    /** An item's status, on split messages. */
    @Metadata(description = "On a message split from a gateway result: SUCCEEDED, FAILED, CANCELLED or NOT_STARTED.",
              javaType = "io.camelstable.gateway.ItemStatus")
    public static final String GATEWAY_ITEM_STATUS = "CamelStableGatewayItemStatus";

    /** An item's error, on split messages. */
    @Metadata(description = "On a message split from a gateway result: why the item did not succeed.", javaType = "String")
    public static final String GATEWAY_ITEM_ERROR = "CamelStableGatewayItemError";

    /** Exchange property holding the {@link io.camelstable.gateway.GatewayResult}. */
    public static final String GATEWAY_RESULT = "CamelStableGatewayResult";

    /** Exchange property on a gateway item's exchange: the item's buffer (its commonBuffer or the sharedBuffer). */
    public static final String GATEWAY_BUFFER = "CamelStableGatewayBuffer";

    /** Exchange property holding the full {@link io.camelstable.result.StableResult}. */
    public static final String RESULT = "CamelStableResult";

    private StableConstants() {
    }
}
