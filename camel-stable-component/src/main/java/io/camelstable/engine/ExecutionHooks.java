package io.camelstable.engine;

import java.util.HashMap;
import java.util.Map;

import io.camelstable.guardrail.Anomaly;
import io.camelstable.guardrail.GuardrailViolationException;
import io.camelstable.guardrail.MetricsGuardrails;
import io.camelstable.guardrail.ValidationResult;
import io.camelstable.hook.HookContext;
import io.camelstable.result.AttemptLogEntry;
import io.camelstable.result.AttemptStatus;
import io.camelstable.result.ExecutionMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of an execution that call user code or look beyond the attempt: the hooks (SPEC §1.4), attempt
 * logs, the final failure and guardrails (SPEC §1.14). Kept apart from {@link Execution} so the attempt loop
 * reads as the state machine it is.
 */
final class ExecutionHooks {

    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private ExecutionHooks() {
    }

    /** @return whether to go on with the attempts */
    static boolean runPreExecutionHook(Execution e) {
        ExecutionOptions options = e.options;
        try {
            ExecutionOptions override = options.preExecutionHook().beforeExecution(context(e, 0, null, null, null));
            if (override != null && options.applyPreExecutionConfigOverride()) {
                e.options = override;
                if (override.commonBuffer() != null) {
                    e.details().commonBuffer = override.commonBuffer();
                }
            }
            return true;
        } catch (Exception ex) {
            if (options.continueOnPreExecutionHookFailure()) {
                LOG.warn("Pre-execution hook failed, continuing without its override: {}", ex.getMessage());
                return true;
            }
            e.details().lastError = new IllegalStateException("Pre-execution hook failed: " + ex.getMessage(), ex);
            return false;
        }
    }

    /** @return null when the analyzer accepts the data, else the rejection */
    static Throwable analyze(Execution e, int n, Object data) {
        try {
            if (e.options.responseAnalyzer().accept(context(e, n, data, null, null))) {
                return null;
            }
            return new ResponseRejectedException("The response analyzer rejected the response of attempt " + n, null);
        } catch (Exception ex) {
            LOG.warn("Response analyzer failed on attempt {}: {}", n, ex.getMessage());
            return new ResponseRejectedException("The response analyzer failed on attempt " + n + ": " + ex.getMessage(), ex);
        }
    }

    static void logSuccess(Execution e, int n, long nanos, int statusCode, Object data) {
        AttemptLogEntry entry = entry(e, n, nanos, statusCode, "SUCCESS", null, false, data);
        ExecutionDetails d = e.details();
        d.successLogs = ExecutionDetails.add(d.successLogs, entry);
        try {
            if (e.options.handleSuccessfulAttemptData() != null) {
                e.options.handleSuccessfulAttemptData().handle(context(e, n, data, null, entry));
            } else {
                LOG.info("Attempt {} succeeded in {} ms", entry.attempt(), entry.executionTime());
            }
        } catch (Exception ex) {
            LOG.warn("handleSuccessfulAttemptData hook failed: {}", ex.getMessage());
        }
    }

    static void logError(Execution e, int n, long nanos, int statusCode, AttemptStatus status, Throwable error,
            String message, boolean retryable) {
        String type = switch (status) {
            case REJECTED -> "INVALID_CONTENT";
            case TIMED_OUT -> "TIMEOUT";
            case NOT_PERMITTED -> "NOT_PERMITTED";
            default -> statusCode > 0 ? "HTTP_ERROR" : "ERROR";
        };
        AttemptLogEntry entry = entry(e, n, nanos, statusCode, type, message, retryable, null);
        ExecutionDetails d = e.details();
        d.errorLogs = ExecutionDetails.add(d.errorLogs, entry);
        try {
            if (e.options.handleErrors() != null) {
                e.options.handleErrors().handle(context(e, n, null, error, entry));
            } else {
                LOG.warn("Attempt {} failed ({}): {}", entry.attempt(), entry.type(), entry.error());
            }
        } catch (Exception ex) {
            LOG.warn("handleErrors hook failed: {}", ex.getMessage());
        }
    }

    /** Records the final failure and lets the final error analyzer suppress it. */
    static void fail(Execution e, Throwable lastError) {
        ExecutionDetails d = e.details();
        d.failure = lastError;
        d.errorMessage = Redaction.sanitize(lastError == null ? "Execution failed" : String.valueOf(lastError.getMessage()),
                e.options.maxSerializableChars());
        if (e.options.finalErrorAnalyzer() != null) {
            try {
                d.suppressed = e.options.finalErrorAnalyzer().analyze(context(e, e.attemptNumber(), null, lastError, null));
            } catch (Exception ex) {
                LOG.warn("Final error analyzer failed: {}", ex.getMessage());
            }
        }
    }

    /** SPEC §1.14 on request and infrastructure metrics; enforced only with {@code enforceGuardrails}. */
    static void checkGuardrails(Execution e) {
        MetricsGuardrails guardrails = e.options.guardrails();
        ExecutionMetrics m = e.getMetrics();
        Map<String, Double> values = new HashMap<>();
        values.put("totalAttempts", (double) m.totalAttempts());
        values.put("successfulAttempts", (double) m.successfulAttempts());
        values.put("failedAttempts", (double) m.failedAttempts());
        values.put("totalExecutionTime", m.totalExecutionTime());
        values.put("averageAttemptTime", m.averageAttemptTime());
        if (guardrails.needsInfrastructure()) {
            InfrastructureValues.addTo(values, e.options);
        }
        ValidationResult validation = guardrails.validate(values, e.engine.wallTime());
        ExecutionDetails d = e.details();
        d.validation = validation;
        for (Anomaly anomaly : validation.anomalies()) {
            e.options.observer().guardrailViolated(e.exchange(), anomaly);
        }
        if (!validation.valid() && e.options.enforceGuardrails() && e.isSuccess()) {
            e.markFailed();
            d.failure = new GuardrailViolationException(validation);
            d.errorMessage = Redaction.sanitize(d.failure.getMessage(), e.options.maxSerializableChars());
        }
    }

    private static AttemptLogEntry entry(Execution e, int n, long nanos, int statusCode, String type, String error,
            boolean retryable, Object data) {
        return new AttemptLogEntry(n + "/" + e.options.attempts(), e.attemptStartWall(), nanos / 1_000_000, statusCode, type,
                error, retryable, data, Redaction.maskHeaders(e.attempt.requestHeaders(e), e.options.redactHeaders()));
    }

    private static HookContext context(Execution e, int n, Object data, Throwable error, AttemptLogEntry entry) {
        Map<String, Object> buffer = e.options.commonBuffer();
        if (buffer == null) {
            ExecutionDetails d = e.details();
            if (d.commonBuffer == null) {
                d.commonBuffer = new HashMap<>();
            }
            buffer = d.commonBuffer;
        }
        return new HookContext(e.exchange(), e.options, n, data, error, entry, buffer, e.options.executionContext());
    }
}
