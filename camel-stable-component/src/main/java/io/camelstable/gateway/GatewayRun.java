package io.camelstable.gateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

import io.camelstable.component.StableConstants;
import io.camelstable.engine.Cancellable;
import io.camelstable.engine.ExecutionListener;
import io.camelstable.engine.StableEngine;
import io.camelstable.request.AbortSignal;
import io.camelstable.result.StableResult;
import org.apache.camel.Exchange;

/**
 * One run of a gateway: launches items in declaration order, at most {@code limit} at a time (1 when
 * sequential), each as one cancellable engine execution; the next starts from the thread that reports the end of
 * the previous, so no thread waits. A success ends a race, a failure ends a stopOnFirstError run, maxTimeout or the
 * caller end any run: items running are then cancelled through the engine (and their HTTP calls closed) and
 * reported CANCELLED, items not launched NOT_STARTED, and the result completes at once. Late reports of cancelled
 * items are ignored, so the result never changes once complete.
 * <p>
 * Concurrency: every decision is taken under this object's lock; launching and cancelling (which call into the
 * engine and may report back in the same thread) happen outside it.
 */
final class GatewayRun implements GatewayExecution, ExecutionListener {

    private final Gateway gateway;
    private final GatewayDefinition definition;
    private final List<CompiledItem> items;
    private final Exchange input;
    private final StableEngine engine;
    private final int limit;
    private final ItemStatus[] status;
    private final GatewayItemResult[] outcomes;
    private final Cancellable[] handles;
    private final AbortSignal[] aborts;
    private final CompletableFuture<GatewayResult> result = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private volatile Cancellable timeoutTask = Cancellable.NONE;
    private int next;
    private int inFlight;
    private int winner = -1;
    private boolean pumping;
    private boolean finished;
    private boolean timedOut;
    private String stopReason;

    GatewayRun(Gateway gateway, Exchange input) {
        this.gateway = gateway;
        this.definition = gateway.getDefinition();
        this.items = gateway.items();
        this.input = input;
        this.engine = gateway.engine();
        int n = items.size();
        int max = definition.getMaxConcurrentRequests();
        this.limit = !definition.isConcurrent() ? 1 : max > 0 ? max : Math.max(1, n);
        this.status = new ItemStatus[n];
        Arrays.fill(status, ItemStatus.PENDING);
        this.outcomes = new GatewayItemResult[n];
        this.handles = new Cancellable[n];
        this.aborts = new AbortSignal[n];
    }

    void start() {
        long timeout = definition.getMaxTimeoutMillis();
        if (timeout > 0) {
            // the scheduler's one thread only hands over: cancelling and completing run on a worker
            timeoutTask = engine.scheduler().schedule(() -> engine.worker().execute(() -> stop(true,
                    "Cancelled: the gateway's maxTimeout of " + timeout + " ms expired",
                    "Not started: the gateway's maxTimeout of " + timeout + " ms expired")), timeout);
        }
        pump();
    }

    @Override
    public CompletableFuture<GatewayResult> result() {
        return result;
    }

    @Override
    public synchronized ItemStatus status(String itemId) {
        return status[indexOf(itemId)];
    }

    @Override
    public void cancel() {
        stop(false, "Cancelled by the caller", "Not started: the caller cancelled the run");
    }

    private int indexOf(String itemId) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).definition.getId().equals(itemId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Gateway '" + definition.getId() + "' has no item '" + itemId + "'");
    }

    // ---- launching ----------------------------------------------------------------------------------------

    /**
     * Launches what the limit allows, or ends the run when nothing is left. One thread pumps at a time; a report
     * arriving meanwhile (even from inside a launch, in the same thread) is seen by the pumping thread's next look.
     * Each turn launches one item or stops, so it ends after at most as many turns as there are items.
     */
    private void pump() {
        synchronized (this) {
            if (pumping) {
                return;
            }
            pumping = true;
        }
        while (true) {
            int index = -1;
            boolean end = false;
            synchronized (this) {
                if (!finished && next < items.size() && inFlight < limit) {
                    index = next++;
                    inFlight++;
                    status[index] = ItemStatus.RUNNING;
                    // only a call blocking its thread (camel-http's) can be closed through a signal
                    aborts[index] = items.get(index).attempt.mayBlock() ? new AbortSignal() : null;
                } else {
                    pumping = false;
                    end = !finished && inFlight == 0 && next >= items.size();
                    finished |= end;
                }
            }
            if (index < 0) {
                if (end) {
                    finish();
                }
                return;
            }
            launch(index);
        }
    }

    private void launch(int index) {
        CompiledItem item = items.get(index);
        Cancellable handle;
        try {
            Exchange exchange = input.copy();
            if (aborts[index] != null) {
                exchange.setProperty(GatewayAttempt.ABORT, aborts[index]);
            }
            if (item.definition.getBody() != null) {
                exchange.getMessage().setBody(item.definition.getBody());
            }
            item.definition.getHeaders().forEach(exchange.getMessage()::setHeader);
            Map<String, Object> buffer = item.options().commonBuffer();
            if (buffer != null) {
                exchange.setProperty(StableConstants.GATEWAY_BUFFER, buffer);
            }
            handle = engine.executeCancellable(item.options(), item.attempt, exchange, item.definition.getArguments(), index,
                    this);
        } catch (RuntimeException e) {
            // not launched after all (the engine's pools stopped, say): the item still gets an outcome
            ended(index, notRun(index, ItemStatus.FAILED, "Could not start: " + e.getMessage()));
            return;
        }
        boolean stopped;
        synchronized (this) {
            handles[index] = handle;
            stopped = status[index] == ItemStatus.CANCELLED;
        }
        if (stopped) {
            // the run ended while this item was being launched: cancel it now that there is a handle
            stopItem(handle, aborts[index]);
        }
    }

    // ---- outcomes -----------------------------------------------------------------------------------------

    @Override
    public void onComplete(StableResult<Object> r, Object raw, boolean raise, Exchange exchange, Object token,
            boolean doneSync) {
        int index = (Integer) token;
        ended(index, outcomeOf(index, r, raw));
    }

    /** Records an item's end and decides what follows: the next launch, or the end of the run. */
    private void ended(int index, GatewayItemResult outcome) {
        List<Runnable> cancellations = null;
        synchronized (this) {
            inFlight--;
            if (status[index] != ItemStatus.RUNNING) {
                // the run already ended and reported this item CANCELLED
                return;
            }
            status[index] = outcome.getStatus();
            outcomes[index] = outcome;
            String id = items.get(index).definition.getId();
            if (definition.isRacing() && outcome.isSuccess()) {
                winner = index;
                cancellations = stopLocked("Cancelled: item '" + id + "' won the race",
                        "Not started: item '" + id + "' won the race");
            } else if (definition.isStopOnFirstError() && !outcome.isSuccess()) {
                stopReason = "item '" + id + "' failed and stopOnFirstError is on";
                cancellations = stopLocked("Cancelled: " + stopReason, "Not started: " + stopReason);
            }
        }
        if (cancellations == null) {
            pump();
        } else {
            cancellations.forEach(Runnable::run);
            finish();
        }
    }

    private GatewayItemResult outcomeOf(int index, StableResult<Object> r, Object raw) {
        ItemDefinition d = items.get(index).definition;
        Map<String, Object> headers = raw instanceof Exchange e ? e.getMessage().getHeaders() : null;
        return new GatewayItemResult(d.getId(), d.getGroupId(), d.getKind(),
                r.isSuccess() ? ItemStatus.SUCCEEDED : ItemStatus.FAILED, r.getData(), r.getError(), headers, r,
                gateway.context().getTypeConverter());
    }

    private GatewayItemResult notRun(int index, ItemStatus kind, String why) {
        ItemDefinition d = items.get(index).definition;
        return new GatewayItemResult(d.getId(), d.getGroupId(), d.getKind(), kind, null, why, null, null,
                gateway.context().getTypeConverter());
    }

    // ---- stopping and the end -----------------------------------------------------------------------------

    private void stop(boolean timeout, String cancelled, String notStarted) {
        List<Runnable> cancellations;
        synchronized (this) {
            if (finished) {
                return;
            }
            timedOut = timeout;
            stopReason = timeout ? "its maxTimeout of " + definition.getMaxTimeoutMillis() + " ms expired"
                    : "the caller cancelled it";
            cancellations = stopLocked(cancelled, notStarted);
        }
        cancellations.forEach(Runnable::run);
        finish();
    }

    /** Ends the run under the lock: what is running will be cancelled (by the caller, outside the lock). */
    private List<Runnable> stopLocked(String cancelled, String notStarted) {
        finished = true;
        List<Runnable> cancellations = new ArrayList<>();
        for (int i = 0; i < status.length; i++) {
            if (status[i] == ItemStatus.RUNNING) {
                status[i] = ItemStatus.CANCELLED;
                outcomes[i] = notRun(i, ItemStatus.CANCELLED, cancelled);
                Cancellable handle = handles[i];
                AbortSignal abort = aborts[i];
                if (handle != null) {
                    // without a handle yet, launch() cancels once it has one
                    cancellations.add(() -> stopItem(handle, abort));
                }
            } else if (status[i] == ItemStatus.PENDING) {
                status[i] = ItemStatus.NOT_STARTED;
                outcomes[i] = notRun(i, ItemStatus.NOT_STARTED, notStarted);
            }
        }
        return cancellations;
    }

    /** The engine first, so the aborted call is recorded as a cancellation, never as a failure to retry. */
    private static void stopItem(Cancellable handle, AbortSignal abort) {
        handle.cancel();
        if (abort != null) {
            abort.abort();
        }
    }

    /** Called once, by the thread that set {@code finished}; nothing in the arrays changes any more. */
    private void finish() {
        timeoutTask.cancel();
        long nanos = System.nanoTime() - startNanos;
        List<GatewayItemResult> list = List.of(outcomes);
        GatewayMetrics metrics = GatewayMetrics.of(list, nanos, System.currentTimeMillis(),
                gateway.infrastructure().get(), gateway.guardrails());
        boolean allSucceeded = metrics.successfulRequests() == list.size();
        boolean success = definition.isRacing() ? winner >= 0 || list.isEmpty() : allSucceeded && stopReason == null;
        result.complete(new GatewayResult(definition.getId(), success, timedOut,
                winner < 0 ? null : items.get(winner).definition.getId(), success ? null : errorOf(list), list, metrics));
    }

    private String errorOf(List<GatewayItemResult> list) {
        StringJoiner failures = new StringJoiner("; ");
        for (GatewayItemResult item : list) {
            if (item.getStatus() == ItemStatus.FAILED) {
                failures.add(item.getRequestId() + ": " + item.getError());
            }
        }
        String why = stopReason != null ? "the run stopped: " + stopReason
                : definition.isRacing() ? "no item won the race" : "not every item succeeded";
        return why + (failures.length() == 0 ? "" : " [" + failures + "]");
    }
}
