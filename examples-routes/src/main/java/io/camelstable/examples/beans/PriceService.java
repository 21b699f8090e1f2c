package io.camelstable.examples.beans;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain bean with more than one method, so its endpoint names the one to call:
 * {@code stable:function:priceService?method=quote}. The first quote fails while the price cache warms up.
 */
public class PriceService {

    private final AtomicBoolean warm = new AtomicBoolean();

    /** Creates the service with a cold cache. */
    public PriceService() {
    }

    /**
     * @param  sku the article
     * @return     its price as text
     */
    public String quote(String sku) {
        if (warm.compareAndSet(false, true)) {
            throw new IllegalStateException("price cache warming up");
        }
        return sku + " costs 12.50 " + currency();
    }

    /** @return the currency of every quote */
    public String currency() {
        return "EUR";
    }
}
