package io.camelstable.dsl;

import io.camelstable.gateway.Gateway;
import io.camelstable.gateway.GatewayDefinition;
import org.apache.camel.builder.RouteBuilder;

/**
 * A {@link RouteBuilder} that also defines gateways and writes {@code stable:} URIs with typed options:
 *
 * <pre>{@code
 * public class CheckoutRoutes extends StableRouteBuilder {
 *     public void configure() {
 *         gateway("checkout").maxConcurrentRequests(6)
 *                 .group("inventory", g -> g.option("attempts", 2))
 *                 .request("inventory-west", "http://west/inventory/check", i -> i.group("inventory"));
 *         from("direct:checkout").to(stableGateway("checkout"));
 *     }
 * }
 * }</pre>
 *
 * A gateway defined here is bound in the registry under its id, which is what {@code stable:gateway:<id>}
 * looks up; its options are checked when that endpoint is created, as for any stable endpoint.
 */
public abstract class StableRouteBuilder extends RouteBuilder {

    /**
     * Defines a gateway and binds it in the registry under {@code id}. Keep configuring the returned
     * definition in {@code configure()}: the endpoint reads it when the route starts.
     *
     * @param  id the gateway's id
     * @return    its definition, to configure fluently
     */
    protected GatewayDefinition gateway(String id) {
        GatewayDefinition definition = Gateway.define(id);
        bindToRegistry(id, definition);
        return definition;
    }

    /** @param delegateUri any Camel endpoint URI @return {@code stable:request:<delegateUri>}, to add options to */
    protected StableUri stableRequest(String delegateUri) {
        return StableUri.request(delegateUri);
    }

    /** @param bean a registry bean's name @return {@code stable:function:<bean>}, to add options to */
    protected StableUri stableFunction(String bean) {
        return StableUri.function(bean);
    }

    /** @param id a gateway's id @return {@code stable:gateway:<id>}, to add options to */
    protected StableUri stableGateway(String id) {
        return StableUri.gateway(id);
    }

    /** @param id a buffer's name @return {@code stable:buffer:<id>}, to add options to */
    protected StableUri stableBuffer(String id) {
        return StableUri.buffer(id);
    }
}
