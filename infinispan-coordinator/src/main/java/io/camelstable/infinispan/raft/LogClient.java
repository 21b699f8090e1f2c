package io.camelstable.infinispan.raft;

import java.io.DataInput;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jgroups.protocols.raft.RaftLeaderException;
import org.jgroups.raft.RaftHandle;
import org.jgroups.util.ByteArrayDataInputStream;

import io.camelstable.infinispan.ValueCodec;

/**
 * Sends commands to the Raft log and reads the committed answers. A command is answered only once a majority
 * has committed it. When no leader is known, nothing was sent, so the command is tried again (a new timestamp,
 * the same content) every {@value #NO_LEADER_RETRY_MILLIS} ms on a timer until the request timeout; any other
 * failure or a timeout leaves the outcome unknown and fails the call, because trying again could apply it twice.
 */
final class LogClient {

    /** A committed answer and when its command was sent (the proposer's clock, the lease reference). */
    record Reply(DataInput in, long sentAt) {
    }

    private static final long NO_LEADER_RETRY_MILLIS = 50;

    private final RaftHandle raft;
    private final ScheduledExecutorService timers;
    private final Executor replies;
    private final long timeoutMillis;
    private volatile boolean closed;

    LogClient(RaftHandle raft, ScheduledExecutorService timers, Executor replies, long timeoutMillis) {
        this.raft = raft;
        this.timers = timers;
        this.replies = replies;
        this.timeoutMillis = timeoutMillis;
    }

    CompletableFuture<Reply> submit(Op op, Commands.Body body) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        send(op, body, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), result);
        return result;
    }

    private void send(Op op, Commands.Body body, long deadline, CompletableFuture<Reply> result) {
        if (closed) {
            result.completeExceptionally(new IllegalStateException("Coordinator is closed"));
            return;
        }
        long sentAt = System.currentTimeMillis();
        byte[] command = Commands.encode(op, sentAt, body);
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        try {
            raft.setAsync(command, 0, command.length)
                    .orTimeout(Math.max(1, remaining), TimeUnit.MILLISECONDS)
                    .whenCompleteAsync((bytes, error) -> answer(op, bytes, error, sentAt, result), replies);
        } catch (RaftLeaderException noLeader) {
            if (remaining <= NO_LEADER_RETRY_MILLIS) {
                result.completeExceptionally(new CoordinationUnavailableException(op + ": no Raft leader within "
                        + timeoutMillis + " ms (is a majority of the members up and connected?)", noLeader));
            } else {
                timers.schedule(() -> send(op, body, deadline, result), NO_LEADER_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
    }

    private void answer(Op op, byte[] bytes, Throwable error, long sentAt, CompletableFuture<Reply> result) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            result.completeExceptionally(new CoordinationUnavailableException(op + ": not committed within "
                    + timeoutMillis + " ms; the outcome is unknown", cause));
            return;
        }
        if (cause != null) {
            result.completeExceptionally(cause);
            return;
        }
        try {
            ByteArrayDataInputStream in = new ByteArrayDataInputStream(bytes);
            if (in.readByte() == CoordinationMachine.ERROR) {
                result.completeExceptionally(new IllegalArgumentException(ValueCodec.readString(in)));
            } else {
                result.complete(new Reply(in, sentAt));
            }
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    void close() {
        closed = true;
    }
}
