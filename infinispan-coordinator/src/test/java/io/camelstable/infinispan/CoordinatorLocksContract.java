package io.camelstable.infinispan;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Coordinator;
import io.camelstable.coordination.LockHandle;
import io.camelstable.coordination.LockOptions;
import io.camelstable.coordination.LockResult;
import io.camelstable.coordination.LockStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fenced locks across three members of a clustered coordinator, whatever its mode. Each mode's test extends it with three members of its
 * own (the default mode's in {@code io.camelstable.infinispan.cache}).
 */
public abstract class CoordinatorLocksContract {

    /** @return the three coordinators, one per member */
    protected abstract List<? extends Coordinator> nodes();

    private Coordinator node(int i) {
        return nodes().get(i);
    }

    private static LockHandle acquire(Coordinator node, String key, LockOptions options) {
        LockResult result = node.acquireLock(key, options).join();
        assertThat(result.status()).isEqualTo(LockStatus.ACQUIRED);
        return result.handle();
    }

    @Test
    void aHeldLockFailsAtOnceOnAnotherNodeAndTokensGrowAcrossNodes() {
        LockOptions options = LockOptions.lease(Duration.ofSeconds(10));
        LockHandle first = acquire(node(0), "job", options);
        assertThat(node(1).acquireLock("job", options).join().status()).isEqualTo(LockStatus.FAILED);
        assertThat(node(2).validateFencingToken("job", first.fencingToken()).join()).isTrue();
        assertThat(node(0).releaseLock(first).join()).isTrue();
        assertThat(node(2).validateFencingToken("job", first.fencingToken()).join()).isFalse();

        LockHandle second = acquire(node(1), "job", options);
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(second.ownerId()).isEqualTo("n2");
        assertThat(node(0).releaseLock(second).join()).as("another node's handle is not ours").isFalse();
        assertThat(node(1).releaseLock(second).join()).isTrue();
    }

    @Test
    void aWaiterOnAnotherNodeGetsTheLockWhenItIsReleased() {
        LockHandle holder = acquire(node(0), "handover", LockOptions.lease(Duration.ofSeconds(10)));
        CompletableFuture<LockResult> waiter = node(2).acquireLock("handover",
                new LockOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), false));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiter.isDone());

        node(0).releaseLock(holder).join();

        LockHandle next = waiter.join().handle();
        assertThat(next.fencingToken()).isGreaterThan(holder.fencingToken());
        assertThat(next.isHeld()).isTrue();
        node(2).releaseLock(next).join();
    }

    @Test
    void anExpiredLeaseIsLostByItsHolderAndHandedToTheWaiter() {
        LockHandle holder = acquire(node(1), "expiry", LockOptions.lease(Duration.ofMillis(400)));
        List<LockHandle> lost = new CopyOnWriteArrayList<>();
        holder.onLeaseLost(lost::add);
        CompletableFuture<LockResult> waiter = node(0).acquireLock("expiry",
                new LockOptions(Duration.ofSeconds(10), Duration.ofSeconds(10), false));

        LockHandle next = waiter.join().handle();

        assertThat(lost).containsExactly(holder);
        assertThat(holder.isHeld()).isFalse();
        assertThat(next.fencingToken()).isGreaterThan(holder.fencingToken());
        assertThat(node(1).renew(holder).join()).isFalse();
        assertThat(node(1).validateFencingToken("expiry", holder.fencingToken()).join()).isFalse();
        node(0).releaseLock(next).join();
    }

    @Test
    void aWaiterTimesOutWhileTheLockStaysHeldAndIsNeverGrantedLater() {
        LockHandle holder = acquire(node(0), "timeout", LockOptions.lease(Duration.ofSeconds(10)));
        LockResult result = node(1).acquireLock("timeout",
                new LockOptions(Duration.ofSeconds(10), Duration.ofMillis(300), false)).join();
        assertThat(result.status()).isEqualTo(LockStatus.TIMEOUT);
        node(0).releaseLock(holder).join();
        // the timed-out waiter left the queue: the lock is free for anyone at once
        LockHandle again = acquire(node(2), "timeout", LockOptions.lease(Duration.ofSeconds(10)));
        node(2).releaseLock(again).join();
    }

    @Test
    void autoRenewKeepsTheLeaseBeyondItsTtl() {
        LockHandle holder = acquire(node(2), "renewed",
                new LockOptions(Duration.ofMillis(600), Duration.ZERO, true));
        long firstExpiry = holder.expiresAtMillis();
        await().atMost(Duration.ofSeconds(5)).until(() -> holder.expiresAtMillis() > firstExpiry + 600);
        assertThat(holder.isHeld()).isTrue();
        assertThat(node(0).validateFencingToken("renewed", holder.fencingToken()).join()).isTrue();
        assertThat(node(2).releaseLock(holder).join()).isTrue();
    }

    @Test
    void concurrentAcquirersOnThreeNodesNeverShareAToken() {
        Set<Long> tokens = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> loops = new CopyOnWriteArrayList<>();
        for (Coordinator node : nodes()) {
            CompletableFuture<Void> loop = CompletableFuture.completedFuture(null);
            for (int i = 0; i < 30; i++) {
                loop = loop.thenCompose(x -> node.acquireLock("contended",
                        new LockOptions(Duration.ofSeconds(5), Duration.ofSeconds(10), false)))
                        .thenCompose(r -> {
                            assertThat(tokens.add(r.handle().fencingToken())).isTrue();
                            return node.releaseLock(r.handle());
                        }).thenAccept(released -> assertThat(released).isTrue());
            }
            loops.add(loop);
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
        assertThat(tokens).hasSize(90);
    }
}
