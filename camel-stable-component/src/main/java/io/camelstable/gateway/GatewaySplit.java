package io.camelstable.gateway;

import java.util.ArrayList;
import java.util.List;

import io.camelstable.component.StableConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.ExpressionAdapter;

/**
 * Splits a {@link GatewayResult} body into one message per item, in declaration order:
 * {@code .to("stable:gateway:checkout").split(GatewaySplit.items()).to("direct:each")}. Each message's body is the
 * item's data (null unless it succeeded); its headers are the item's response headers and
 * {@code CamelStableGatewayItemId}, {@code CamelStableGatewayGroupId}, {@code CamelStableGatewayItemStatus},
 * {@code CamelStableGatewayItemError} and {@code CamelStableSuccess}.
 */
public final class GatewaySplit {

    private GatewaySplit() {
    }

    /** @return an expression for {@code split(...)}; a body that is not a gateway result gives no messages */
    public static Expression items() {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                Object body = exchange.getMessage().getBody();
                if (!(body instanceof GatewayResult result)) {
                    return List.of();
                }
                List<Message> messages = new ArrayList<>(result.getItems().size());
                for (GatewayItemResult item : result.getItems()) {
                    Message m = new DefaultMessage(exchange.getContext());
                    m.getHeaders().putAll(item.getHeaders());
                    m.setHeader(StableConstants.GATEWAY_ITEM_ID, item.getRequestId());
                    m.setHeader(StableConstants.GATEWAY_ITEM_STATUS, item.getStatus());
                    if (item.getGroupId() != null) {
                        m.setHeader(StableConstants.GATEWAY_GROUP_ID, item.getGroupId());
                    }
                    if (item.getError() != null) {
                        m.setHeader(StableConstants.GATEWAY_ITEM_ERROR, item.getError());
                    }
                    m.setHeader(StableConstants.SUCCESS, item.isSuccess());
                    m.setBody(item.getData());
                    messages.add(m);
                }
                return messages;
            }

            @Override
            public String toString() {
                return "gatewayItems";
            }
        };
    }
}
