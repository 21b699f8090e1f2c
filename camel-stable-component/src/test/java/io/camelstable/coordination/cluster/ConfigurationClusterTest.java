package io.camelstable.coordination.cluster;

import io.camelstable.coordination.InMemoryCoordinator;
import io.camelstable.policy.InvalidOptionException;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The cluster service as a YAML bean and as Camel Main properties, and its configuration errors. */
class ConfigurationClusterTest {

    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
            InMemoryCoordinator coordinator = main.lookup("coordinator", InMemoryCoordinator.class);
            if (coordinator != null) {
                coordinator.close();
            }
        }
    }

    @Test
    void aYamlBeanRunsMasterRoutes() {
        main = new Main();
        main.configure().withRoutesIncludePattern("classpath:routes/cluster-beans.yaml");
        main.start();
        CamelContext context = main.getCamelContext();

        CoordinatorClusterService service = context.hasService(CoordinatorClusterService.class);
        assertThat(service).isNotNull();
        assertThat(service.getRefreshIntervalMillis()).isEqualTo(50);
        assertThat(service.getMemberId()).isEqualTo("node-1");
        await().until(() -> service.leaderEpoch("jobs").isPresent());
        InMemoryCoordinator coordinator = main.lookup("coordinator", InMemoryCoordinator.class);
        assertThat(coordinator.getLeader("yaml/jobs").join().orElseThrow().leaderId()).isEqualTo("node-1");
        await().ignoreExceptions().untilAsserted(() -> context.createProducerTemplate().sendBody("direct:work", "x"));
    }

    @Test
    void mainPropertiesNameTheBadRefreshInterval() {
        main = new Main();
        main.bind("coordinator", new InMemoryCoordinator("node-1"));
        main.addInitialProperty("camel.beans.cluster", "#class:" + CoordinatorClusterService.class.getName());
        main.addInitialProperty("camel.beans.cluster.coordinator", "#coordinator");
        main.addInitialProperty("camel.beans.cluster.refreshInterval", "-5");

        assertThatThrownBy(main::start).rootCause()
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("'refreshInterval': -5")
                .hasMessageContaining("10ms to 10m");
    }

    @Test
    void javaOptionsAreValidatedWhenSetAndTheCoordinatorWhenStarted() throws Exception {
        CoordinatorClusterService service = new CoordinatorClusterService();
        assertThatThrownBy(() -> service.setRefreshInterval("5ms"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("'refreshInterval': 5ms");
        assertThatThrownBy(() -> service.setRefreshInterval("soon"))
                .hasMessageContaining("'refreshInterval': soon");
        assertThatThrownBy(() -> service.setMemberId(" ")).hasMessageContaining("'memberId'");
        assertThatThrownBy(() -> service.setNamespacePrefix(null)).hasMessageContaining("'namespacePrefix'");
        assertThat(service.getRefreshIntervalMillis()).isEqualTo(CoordinatorClusterService.DEFAULT_REFRESH_INTERVAL_MS);

        CamelContext context = new DefaultCamelContext();
        try {
            context.addService(service);
            assertThatThrownBy(context::start)
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("'coordinator'");
        } finally {
            context.stop();
        }
    }
}
