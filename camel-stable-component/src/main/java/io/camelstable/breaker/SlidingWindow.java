package io.camelstable.breaker;

import java.util.concurrent.TimeUnit;

/**
 * The outcomes a breaker decides on. Not thread-safe: the breaker calls it under its lock. Hand-written
 * rather than borrowed because it is a few arrays and sums, allocation-free per call, and the breaker
 * must own its locking so that a clustered state can replace it later.
 */
abstract sealed class SlidingWindow {

    /** Totals over the window, kept by the subclasses as outcomes enter and leave. */
    int calls;
    int failures;
    int slow;

    abstract void record(long nowNanos, boolean failure, boolean slow);

    abstract void clear();

    final int calls() {
        return calls;
    }

    final int failures() {
        return failures;
    }

    final int slowCalls() {
        return slow;
    }

    final double failureRate() {
        int n = calls();
        return n == 0 ? 0 : failures() * 100.0 / n;
    }

    final double slowRate() {
        int n = calls();
        return n == 0 ? 0 : slowCalls() * 100.0 / n;
    }

    /** The last {@code size} outcomes, in a ring. */
    static final class CountBased extends SlidingWindow {
        private static final byte FAILED = 1;
        private static final byte SLOW = 2;
        private final byte[] ring;
        private int next;

        CountBased(int size) {
            ring = new byte[size];
        }

        @Override
        void record(long nowNanos, boolean failure, boolean isSlow) {
            if (calls == ring.length) {
                byte old = ring[next];
                failures -= old & FAILED;
                slow -= (old & SLOW) >> 1;
            } else {
                calls++;
            }
            ring[next] = (byte) ((failure ? FAILED : 0) | (isSlow ? SLOW : 0));
            failures += failure ? 1 : 0;
            slow += isSlow ? 1 : 0;
            next = (next + 1) % ring.length;
        }

        @Override
        void clear() {
            java.util.Arrays.fill(ring, (byte) 0);
            next = 0;
            calls = 0;
            failures = 0;
            slow = 0;
        }
    }

    /** The outcomes of the last {@code seconds} seconds, in one bucket per second. */
    static final class TimeBased extends SlidingWindow {
        private final long[] bucketSecond;
        private final int[] bucketCalls;
        private final int[] bucketFailures;
        private final int[] bucketSlow;

        TimeBased(int seconds) {
            bucketSecond = new long[seconds];
            java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
            bucketCalls = new int[seconds];
            bucketFailures = new int[seconds];
            bucketSlow = new int[seconds];
        }

        @Override
        void record(long nowNanos, boolean failure, boolean isSlow) {
            int i = expire(nowNanos);
            bucketCalls[i]++;
            calls++;
            if (failure) {
                bucketFailures[i]++;
                failures++;
            }
            if (isSlow) {
                bucketSlow[i]++;
                slow++;
            }
        }

        /** Drops buckets older than the window and returns the bucket of {@code nowNanos}. */
        private int expire(long nowNanos) {
            long second = TimeUnit.NANOSECONDS.toSeconds(nowNanos);
            for (int j = 0; j < bucketSecond.length; j++) {
                if (bucketSecond[j] != Long.MIN_VALUE && second - bucketSecond[j] >= bucketSecond.length) {
                    drop(j);
                }
            }
            int i = (int) Math.floorMod(second, (long) bucketSecond.length);
            if (bucketSecond[i] != second) {
                drop(i);
                bucketSecond[i] = second;
            }
            return i;
        }

        private void drop(int j) {
            calls -= bucketCalls[j];
            failures -= bucketFailures[j];
            slow -= bucketSlow[j];
            bucketCalls[j] = 0;
            bucketFailures[j] = 0;
            bucketSlow[j] = 0;
            bucketSecond[j] = Long.MIN_VALUE;
        }

        @Override
        void clear() {
            for (int j = 0; j < bucketSecond.length; j++) {
                drop(j);
            }
        }
    }
}
