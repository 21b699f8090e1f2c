package io.camelstable.component;

import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stable endpoints that call the same HTTP URI share one private delegate (one HTTP client), so a gateway of
 * thousands of items to one URI does not open a client each; a plain route's endpoint stays apart.
 */
class SharedDelegateTest extends CamelTestSupport {

    @Test
    void sameUriSameDelegateOtherUriOrTimeoutAnother() {
        StableRequestEndpoint a = context.getEndpoint("stable:request:http://127.0.0.1:9/x?attempts=2",
                StableRequestEndpoint.class);
        StableRequestEndpoint b = context.getEndpoint("stable:request:http://127.0.0.1:9/x?attempts=3",
                StableRequestEndpoint.class);
        StableRequestEndpoint timed = context.getEndpoint("stable:request:http://127.0.0.1:9/x?attemptTimeout=500",
                StableRequestEndpoint.class);

        assertThat(a.getDelegate()).isSameAs(b.getDelegate());
        assertThat(timed.getDelegate()).as("its socket timeouts differ").isNotSameAs(a.getDelegate());
        assertThat(a.getDelegate()).isNotSameAs(context.getEndpoint("http://127.0.0.1:9/x"));
    }
}
