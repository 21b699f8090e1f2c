package io.camelstable.infinispan.cache;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.camelstable.coordination.Coordinator;
import io.camelstable.infinispan.CoordinatorPubSubContract;

/** Pub/sub across three default-mode members. */
class CachePubSubTest extends CoordinatorPubSubContract {

    private static CacheCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new CacheCluster("cache-pubsub", s -> s.withDelivery(DELIVERY));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Override
    protected List<? extends Coordinator> nodes() {
        return cluster.nodes;
    }
}
