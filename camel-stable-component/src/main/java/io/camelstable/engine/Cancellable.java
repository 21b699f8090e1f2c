package io.camelstable.engine;

/** A handle to stop something already started: an attempt in flight or a scheduled continuation. */
@FunctionalInterface
public interface Cancellable {

    /** A handle that does nothing. */
    Cancellable NONE = () -> {
    };

    /** Stops the work if it has not finished; calling it twice is harmless. */
    void cancel();
}
