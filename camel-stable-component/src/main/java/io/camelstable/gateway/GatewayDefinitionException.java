package io.camelstable.gateway;

/**
 * A gateway definition that cannot run: an unknown option or YAML key, a bad value, a missing bean or group. The
 * message names the gateway, the item or group, the option, the value and what is allowed (and the file, for
 * YAML). Raised when the definition is written or built, never when it runs.
 */
public class GatewayDefinitionException extends IllegalArgumentException {

    /**
     * @param message what is wrong and where
     * @param cause   the underlying failure, may be null
     */
    public GatewayDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what is wrong and where */
    public GatewayDefinitionException(String message) {
        super(message);
    }
}
