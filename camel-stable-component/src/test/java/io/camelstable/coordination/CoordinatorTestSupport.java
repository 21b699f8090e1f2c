package io.camelstable.coordination;

import org.junit.jupiter.api.AfterEach;

/** A coordinator on manual time, closed after each test. */
abstract class CoordinatorTestSupport {

    protected final ManualTime time = new ManualTime();
    protected final InMemoryCoordinator coordinator;

    protected CoordinatorTestSupport() {
        this(DeliverySettings.defaults());
    }

    protected CoordinatorTestSupport(DeliverySettings settings) {
        coordinator = new InMemoryCoordinator("node-1", time, time, settings);
    }

    @AfterEach
    void closeCoordinator() {
        coordinator.close();
    }
}
