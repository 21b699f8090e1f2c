package io.camelstable.infinispan.cache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The arithmetic of per-key numbers: + 1 inside a span, a fresh base at its end and for a key without one. */
class KeySequenceTest {

    private static final long SPAN = KeySequence.SPAN;

    @Test
    void insideASpanTheNextNumberIsOneMore() {
        assertThat(KeySequence.successor(3 * SPAN)).isEqualTo(3 * SPAN + 1);
        assertThat(KeySequence.successor(3 * SPAN + SPAN - 2)).isEqualTo(3 * SPAN + SPAN - 1);
    }

    @Test
    void theLastNumberOfASpanAndAKeyWithoutOneNeedAFreshBase() {
        assertThat(KeySequence.successor(3 * SPAN + SPAN - 1)).as("the next span starts with another base")
                .isZero();
        assertThat(KeySequence.successor(0)).isZero();
        assertThat(KeySequence.successor(-5)).isZero();
    }

    @Test
    void aLaterBaseExceedsEveryNumberOfAnEarlierSpan() {
        long lastOfSpanThree = 3 * SPAN + SPAN - 1;
        assertThat(KeySequence.base(4)).isGreaterThan(lastOfSpanThree);
        assertThat(KeySequence.base(1)).isEqualTo(SPAN);
    }

    @Test
    void aBaseBeyondTheLongRangeFailsInsteadOfWrapping() {
        assertThatThrownBy(() -> KeySequence.base(Long.MAX_VALUE / SPAN + 1)).isInstanceOf(ArithmeticException.class);
    }
}
