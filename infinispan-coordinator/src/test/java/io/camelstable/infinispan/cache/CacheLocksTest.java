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
    @Test
    void aFreedLockKeepsItsTokenSoTheNextHolderGetsOneMoreAndTheEndOfASpanTakesAFreshBase() {
        LockOptions options = LockOptions.lease(Duration.ofSeconds(10));
        LockHandle first = cluster.node(0).acquireLock("span", options).join().handle();
        assertThat(cluster.node(0).releaseLock(first).join()).isTrue();
        LockHandle second = cluster.node(1).acquireLock("span", options).join().handle();
        assertThat(second.fencingToken()).isEqualTo(first.fencingToken() + 1);
        assertThat(cluster.node(1).releaseLock(second).join()).isTrue();
        // a freed entry at the last token of its span, written directly: the next holder takes a fresh base
        long endOfSpan = (second.fencingToken() / KeySequence.SPAN + 1) * KeySequence.SPAN - 1;
        cluster.members.get(0).cacheManager().<String, String>getCache(InfinispanCoordinator.COORDINATION_CACHE)
                .put(CacheLocks.PREFIX + "span", EntryCodec.pack("", "", endOfSpan, 0L));
        LockHandle third = cluster.node(2).acquireLock("span", options).join().handle();
        assertThat(third.fencingToken()).isGreaterThan(endOfSpan);
        assertThat(cluster.node(2).releaseLock(third).join()).isTrue();
        System.out.println("tokens of one lock: " + first.fencingToken() + ", " + second.fencingToken()
                + ", end of span " + endOfSpan + ", " + third.fencingToken());
    }
}
