package io.camelstable.buffer;

import java.util.concurrent.TimeoutException;

/**
 * A transaction passed its buffer's {@code transactionTimeout}. Its change was not committed and never will be:
 * a queued transaction was removed from the queue, a running one was interrupted and its working copy dropped.
 */
public class BufferTimeoutException extends TimeoutException {

    private final String buffer;
    private final boolean whileRunning;

    /**
     * @param buffer       the buffer's name
     * @param timeoutMs    the timeout
     * @param whileRunning whether the transaction had started
     */
    public BufferTimeoutException(String buffer, long timeoutMs, boolean whileRunning) {
        super("StableBuffer '" + buffer + "': transaction timed out after " + timeoutMs + " ms "
              + (whileRunning ? "while running; it was interrupted and its changes were discarded"
                      : "while queued; it was removed from the queue and will never run"));
        this.buffer = buffer;
        this.whileRunning = whileRunning;
    }

    /** @return the buffer's name */
    public String getBuffer() {
        return buffer;
    }

    /** @return whether the transaction had started when it timed out */
    public boolean isWhileRunning() {
        return whileRunning;
    }
}
