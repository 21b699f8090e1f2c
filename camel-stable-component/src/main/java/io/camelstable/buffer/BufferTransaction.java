package io.camelstable.buffer;

import java.util.Map;

import org.apache.camel.Exchange;

/**
 * A transaction a route runs with {@code stable:buffer:<id>?operation=transaction&transaction=#bean}: it gets
 * the state's working copy and the exchange, and its return value becomes the body. The exchange is never
 * written to the transaction log, so such a transaction can be restored from its recorded change but not
 * replayed; use a {@link NamedTransaction} for that.
 */
@FunctionalInterface
public interface BufferTransaction {

    /**
     * @param  state     the working copy of the state, committed when this returns normally
     * @param  exchange  the exchange being routed
     * @return           the new body
     * @throws Exception to fail the transaction (and the exchange); the state stays exactly as it was
     */
    Object apply(Map<String, Object> state, Exchange exchange) throws Exception;
}
