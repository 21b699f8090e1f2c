package io.camelstable.infinispan.raft;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.camelstable.coordination.Coordinator;
import io.camelstable.infinispan.CoordinatorStateContract;

/** Versioned state, CAS, counters and transactions across three strict-mode members. */
class RaftStateTest extends CoordinatorStateContract {

    private static RaftCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new RaftCluster("raft-state");
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
