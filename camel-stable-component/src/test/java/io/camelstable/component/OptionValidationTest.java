package io.camelstable.component;

import java.util.function.Function;

import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad options fail when the endpoint is created, naming the option, the value and what is allowed. */
class OptionValidationTest extends CamelTestSupport {

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("fn", (Function<Object, Object>) b -> b);
        registry.bind("plain", new Object());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "stable:function:fn?attempts=-1                     | 'attempts': -1. Allowed: a whole number from 1 to 10000",
            "stable:function:fn?attempts=10001                  | 'attempts': 10001. Allowed: a whole number from 1 to 10000",
            "stable:function:fn?attempts=0                      | 'attempts': 0",
            "stable:function:fn?jitter=1.5                      | 'jitter': 1.5. Allowed: a fraction in [0, 1]",
            "stable:function:fn?wait=-5                         | 'wait': -5",
            "stable:function:fn?retryStrategy=SOMETIMES         | 'retryStrategy': SOMETIMES. Allowed: FIXED, LINEAR, EXPONENTIAL or DECORRELATED_JITTER",
            "stable:function:fn?attempts=abc                    | 'attempts': abc. Allowed: a whole number",
            "stable:function:fn?wait=soon                       | 'wait': soon. Allowed: milliseconds or a duration",
            "stable:function:fn?throwOnFailure=maybe            | 'throwOnFailure': maybe. Allowed: true or false",
            "stable:function:fn?reqFailureProbability=1.2       | 'reqFailureProbability': 1.2. Allowed: a probability in [0, 1]",
            "stable:function:fn?retryFailureProbability=-0.1    | 'retryFailureProbability': -0.1",
            "stable:function:fn?attemptTimeout=-1               | 'attemptTimeout': -1",
            "stable:function:fn?retryOn=com.example.NoSuchError | 'retryOn': com.example.NoSuchError",
            "stable:function:fn?retryableStatusCodes=abc        | 'retryableStatusCodes': abc",
            "stable:function:missingBean                        | 'target': missingBean. Allowed: the name of a bean",
            "stable:function:plain                              | name its method with ?method=",
            "stable:function:fn?method=nope                     | 'method': nope",
            "stable:function:fn?attempt=3                       | attempt",
            "stable:nothing:fn                                  | 'api': nothing",
            "stable:function:fn?rateLimitMaxRequests=2000000    | 'rateLimitMaxRequests': 2000000. Allowed: at most 1000000",
            "stable:request:                                    | 'target'",
    })
    void rejectsAtEndpointCreation(String uri, String message) {
        assertThatThrownBy(() -> context.getEndpoint(uri)).isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining(message);
    }
}
