package io.camelstable.component;

/**
 * What a stable endpoint writes onto the exchange besides the body. Writing the four {@code CamelStable*}
 * headers and the {@code CamelStableResult} property costs about 380 B per exchange in Camel's header and
 * property maps (measured here), more than the engine itself; a hot route that reads neither can turn them
 * off. A failure raised as {@code StableExecutionException} carries the full result whatever this says.
 */
public enum ResultOnExchange {
    /** The headers and the result property (the default). */
    HEADERS_AND_PROPERTY,
    /** Only the {@code CamelStable*} headers. */
    HEADERS,
    /** Only the {@code CamelStableResult} property. */
    PROPERTY,
    /** Only the body. */
    NONE
}
