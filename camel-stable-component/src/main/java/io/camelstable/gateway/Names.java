package io.camelstable.gateway;

/** Ids of gateways, groups and items: required, since results, messages and shared resources name them. */
final class Names {

    private Names() {
    }

    /**
     * @param  what                       "item id", "group id"...
     * @param  id                         the id
     * @return                            the id
     * @throws GatewayDefinitionException when it is blank
     */
    static String require(String what, String id) {
        if (id == null || id.isBlank()) {
            throw new GatewayDefinitionException("A gateway " + what + " is required and may not be blank");
        }
        return id;
    }
}
