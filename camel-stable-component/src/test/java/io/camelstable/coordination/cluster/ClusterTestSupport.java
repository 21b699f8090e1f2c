package io.camelstable.coordination.cluster;

import java.util.ArrayList;
import java.util.List;

import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.InMemoryCoordinator;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * Members of one election on ONE shared {@link InMemoryCoordinator}: the TestKit's context is member "a" and
 * {@link #startMember(String)} starts more contexts, each with its own cluster service and member id, running the
 * same routes. Direct producers do not block waiting for a consumer, so a send to a follower fails at once.
 */
abstract class ClusterTestSupport extends CamelTestSupport {

    static final long REFRESH_MS = 20;

    final InMemoryCoordinator coordinator = new InMemoryCoordinator("shared");
    CoordinatorClusterService serviceA;
    private final List<CamelContext> others = new ArrayList<>();

    /** The routes every member runs; {@code service} is that member's cluster service. */
    abstract RoutesBuilder routes(CoordinatorClusterService service);

    /** The coordinator member {@code memberId} uses: the shared one unless a test wraps it. */
    Coordinator coordinatorFor(String memberId) {
        return coordinator;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        serviceA = join(context, "a");
        return context;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return routes(serviceA);
    }

    /** Starts another member's context: a cluster service with its id on the same coordinator, and the routes. */
    CamelContext startMember(String memberId) throws Exception {
        CamelContext context = new DefaultCamelContext();
        others.add(context);
        CoordinatorClusterService service = join(context, memberId);
        context.addRoutes(routes(service));
        context.start();
        return context;
    }

    static CoordinatorClusterService serviceOf(CamelContext context) {
        return context.hasService(CoordinatorClusterService.class);
    }

    private CoordinatorClusterService join(CamelContext context, String memberId) throws Exception {
        context.getComponent("direct", DirectComponent.class).setBlock(false);
        CoordinatorClusterService service = new CoordinatorClusterService(coordinatorFor(memberId));
        service.setMemberId(memberId);
        service.setRefreshInterval(REFRESH_MS + "ms");
        context.addService(service);
        return service;
    }

    /** Runs before CamelTestSupport's own tear-down (JUnit calls a subclass's @AfterEach first). */
    @AfterEach
    void stopMembers() {
        others.forEach(CamelContext::stop);
        context.stop(); // before the coordinator closes under it
        coordinator.close();
    }
}
