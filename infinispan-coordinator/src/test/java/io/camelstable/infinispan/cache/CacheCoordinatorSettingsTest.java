package io.camelstable.infinispan.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.camelstable.coordination.DeliverySettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad default-mode settings fail at construction, naming the option, the value and what is allowed. */
class CacheCoordinatorSettingsTest {

    @Test
    void theDefaultsAreValid() {
        CacheCoordinatorSettings settings = CacheCoordinatorSettings.of("n1");
        assertThat(settings.leaderLease()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.delivery()).isEqualTo(DeliverySettings.defaults());
    }

    @Test
    void aMarginAboveAQuarterOfTheLeaseIsRefused() {
        assertThatThrownBy(() -> CacheCoordinatorSettings.of("n1").withLease(Duration.ofSeconds(1),
                Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class).hasMessage(
                        "Invalid coordinator option safetyMargin=PT0.5S: must be between 0 and a quarter of "
                                + "leaderLease (250 ms)");
    }

    @Test
    void aShortLeaseABlankIdAndAZeroTransactionTimeoutAreRefused() {
        assertThatThrownBy(() -> CacheCoordinatorSettings.of("n1").withLease(Duration.ofMillis(50), Duration.ZERO))
                .hasMessageContaining("leaderLease=PT0.05S").hasMessageContaining("at least 100 ms");
        assertThatThrownBy(() -> CacheCoordinatorSettings.of(" ")).hasMessageContaining("nodeId= ");
        assertThatThrownBy(() -> new CacheCoordinatorSettings("n1", Duration.ofSeconds(1), Duration.ZERO,
                Duration.ZERO, DeliverySettings.defaults())).hasMessageContaining("transactionTimeout=PT0S");
    }
}
