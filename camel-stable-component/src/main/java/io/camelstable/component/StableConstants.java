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

    /** Exchange property holding the full {@link io.camelstable.result.StableResult}. */
    public static final String RESULT = "CamelStableResult";

    private StableConstants() {
    }
}
