package io.camelstable.infinispan.cache;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.camelstable.coordination.Coordinator;
import io.camelstable.infinispan.CoordinatorLocksContract;

/** Fenced locks across three default-mode members. */
class CacheLocksTest extends CoordinatorLocksContract {

    private static CacheCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new CacheCluster("cache-locks");
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
