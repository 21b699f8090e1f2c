package io.camelstable.infinispan.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.infinispan.CoordinatorLocksContract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Fenced locks across three default-mode members, and what closing a coordinator does to its locks. */
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

    @Test
    void closingACoordinatorTellsItsHoldersAndFailsItsWaitersAndAnotherNodeGetsTheLockAtOnce() {
        // a fourth coordinator on the first member, so closing it leaves the cluster to the other tests
        InfinispanCoordinator extra = new InfinispanCoordinator(cluster.members.get(0),
                CacheCoordinatorSettings.of("n1b"));
        LockHandle held = extra.acquireLock("closing", LockOptions.lease(Duration.ofSeconds(30))).join().handle();
        List<LockHandle> lost = new CopyOnWriteArrayList<>();
        held.onLeaseLost(lost::add);
        CompletableFuture<LockResult> ownWaiter = extra.acquireLock("closing",
                new LockOptions(Duration.ofSeconds(30), Duration.ofSeconds(30), false));
        CompletableFuture<LockResult> otherWaiter = cluster.node(2).acquireLock("closing",
                new LockOptions(Duration.ofSeconds(30), Duration.ofSeconds(30), false));

        extra.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> lost.contains(held));
        assertThat(held.isHeld()).isFalse();
        assertThat(ownWaiter).failsWithin(Duration.ofSeconds(5));
        // released, not left to run out its 30 s lease
        LockHandle next = otherWaiter.orTimeout(5, TimeUnit.SECONDS).join().handle();
        assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
        assertThat(cluster.node(2).releaseLock(next).join()).isTrue();
    }
}
