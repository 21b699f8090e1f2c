package io.camelstable.infinispan.raft;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.camelstable.coordination.Coordinator;
import io.camelstable.infinispan.CoordinatorPubSubContract;

/** Pub/sub across three strict-mode members: retention, acknowledgement, redelivery, dedup. */
class RaftPubSubTest extends CoordinatorPubSubContract {

    private static RaftCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RaftCluster("raft-pubsub", s -> s.withDelivery(DELIVERY));
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
