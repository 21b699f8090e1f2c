package io.camelstable.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatorLocksTest extends CoordinatorTestSupport {


    private LockHandle acquire(String key, LockOptions options) {
        LockResult result = coordinator.acquireLock(key, options).join();
        assertThat(result.status()).isEqualTo(LockStatus.ACQUIRED);
        return result.handle();
    }

    @Test
    void fencingTokensStrictlyIncreaseAcrossAcquireExpireAndReacquire() {
        LockOptions options = LockOptions.lease(Duration.ofMillis(100));
        LockHandle first = acquire("job", options);
        assertThat(coordinator.releaseLock(first).join()).isTrue();
        LockHandle second = acquire("job", options);
        time.advance(100); // expires without a release
        assertThat(second.isHeld()).isFalse();
        LockHandle third = acquire("job", options);

        assertThat(List.of(first.fencingToken(), second.fencingToken(), third.fencingToken())).containsExactly(1L,
                2L, 3L);
        assertThat(coordinator.validateFencingToken("job", second.fencingToken()).join()).isFalse();
        assertThat(coordinator.validateFencingToken("job", third.fencingToken()).join()).isTrue();
    }

    @Test
    void heldLockFailsAtOnceWithoutWait() {
        acquire("job", LockOptions.lease(Duration.ofSeconds(1)));
        assertThat(coordinator.acquireLock("job", LockOptions.lease(Duration.ofSeconds(1))).join().status())
                .isEqualTo(LockStatus.FAILED);
        assertThat(coordinator.getMetrics().lockConflicts()).isEqualTo(1);
    }

    @Test
    void leaseExpiryNotifiesHolderAndHandsLockToWaiter() {
        LockHandle holder = acquire("job", LockOptions.lease(Duration.ofMillis(100)));
        List<LockHandle> lost = new ArrayList<>();
        holder.onLeaseLost(lost::add);
        CompletableFuture<LockResult> waiter =
                coordinator.acquireLock("job", new LockOptions(Duration.ofMillis(100), Duration.ofSeconds(1), false));
        assertThat(waiter).isNotDone();

        time.advance(100);

        assertThat(lost).containsExactly(holder);
        assertThat(waiter).isCompleted();
        LockHandle next = waiter.join().handle();
        assertThat(next.fencingToken()).isGreaterThan(holder.fencingToken());
        assertThat(coordinator.renew(holder).join()).isFalse();
        assertThat(coordinator.releaseLock(holder).join()).isFalse();
        assertThat(coordinator.getMetrics().lockExpirations()).isEqualTo(1);
    }

    @Test
    void waiterTimesOutWhenLockStaysHeld() {
        acquire("job", LockOptions.lease(Duration.ofSeconds(10)));
        CompletableFuture<LockResult> waiter =
                coordinator.acquireLock("job", new LockOptions(Duration.ofSeconds(1), Duration.ofMillis(50), false));
        time.advance(50);
        assertThat(waiter.join().status()).isEqualTo(LockStatus.TIMEOUT);
    }

    @Test
    void renewExtendsFromNowNotFromPreviousExpiry() {
        LockHandle handle = acquire("job", LockOptions.lease(Duration.ofMillis(100)));
        long acquiredAt = time.getAsLong();
        time.advance(60);
        assertThat(coordinator.renew(handle).join()).isTrue();
        assertThat(handle.expiresAtMillis()).isEqualTo(acquiredAt + 60 + 100);
        assertThat(coordinator.renew(handle).join()).isTrue();
        assertThat(handle.expiresAtMillis()).isEqualTo(acquiredAt + 60 + 100); // not 100 more on top

        time.advance(99);
        assertThat(handle.isHeld()).isTrue();
        time.advance(1);
        assertThat(handle.isHeld()).isFalse();
    }

    @Test
    void autoRenewKeepsLeaseOneTtlAheadUntilReleased() {
        LockHandle handle = acquire("job", new LockOptions(Duration.ofMillis(90), Duration.ZERO, true));
        for (int i = 0; i < 10; i++) {
            time.advance(30);
        }
        assertThat(handle.isHeld()).isTrue();
        assertThat(handle.expiresAtMillis()).isLessThanOrEqualTo(time.getAsLong() + 90);
        assertThat(coordinator.releaseLock(handle).join()).isTrue();
        assertThat(time.pending()).isZero();
    }

    @Test
    void closeTellsHoldersAndCancelsTimers() {
        LockHandle handle = acquire("job", new LockOptions(Duration.ofMillis(90), Duration.ZERO, true));
        List<LockHandle> lost = new ArrayList<>();
        handle.onLeaseLost(lost::add);
        coordinator.close();
        assertThat(lost).containsExactly(handle);
        assertThat(time.pending()).isZero();
        assertThat(coordinator.acquireLock("job", LockOptions.lease(Duration.ofSeconds(1)))).isCompletedExceptionally();
    }
}
