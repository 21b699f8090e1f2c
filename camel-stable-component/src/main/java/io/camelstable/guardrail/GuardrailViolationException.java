package io.camelstable.guardrail;

/** With {@code enforceGuardrails=true}, an execution whose metrics broke a guardrail fails with this. */
public class GuardrailViolationException extends RuntimeException {

    private final transient ValidationResult validation;

    /** @param validation the failed validation */
    public GuardrailViolationException(ValidationResult validation) {
        super("Guardrails violated: " + validation.anomalies().stream().map(Anomaly::reason).toList(), null, false, false);
        this.validation = validation;
    }

    /** @return the failed validation */
    public ValidationResult getValidation() {
        return validation;
    }
}
