package io.camelstable.engine;

import java.util.concurrent.CancellationException;

/** The failure of an execution its caller cancelled (a lost race, a gateway's {@code maxTimeout}). */
public final class ExecutionCancelledException extends CancellationException {

    private static final long serialVersionUID = 1L;

    /** @param attemptNumber the attempt that was stopped, or that would have started */
    ExecutionCancelledException(int attemptNumber) {
        super("Execution cancelled at attempt " + attemptNumber);
    }
}
