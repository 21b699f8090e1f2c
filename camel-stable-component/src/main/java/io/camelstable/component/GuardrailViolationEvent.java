package io.camelstable.component;

import io.camelstable.guardrail.ValidationResult;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;

/**
 * A Camel event (type {@code Custom}) raised when an execution's metrics broke a guardrail; Camel's event
 * notifiers receive it like any exchange event.
 */
public final class GuardrailViolationEvent implements CamelEvent.ExchangeEvent {

    private final Exchange exchange;
    private final String endpointUri;
    private final ValidationResult validation;
    private long timestamp;

    /**
     * @param exchange    the exchange whose execution broke the guardrails
     * @param endpointUri the stable endpoint, sanitized
     * @param validation  what was broken
     */
    public GuardrailViolationEvent(Exchange exchange, String endpointUri, ValidationResult validation) {
        this.exchange = exchange;
        this.endpointUri = endpointUri;
        this.validation = validation;
    }

    @Override
    public Type getType() {
        return Type.Custom;
    }

    @Override
    public Exchange getExchange() {
        return exchange;
    }

    /** @return the stable endpoint, sanitized */
    public String getEndpointUri() {
        return endpointUri;
    }

    /** @return what was broken */
    public ValidationResult getValidation() {
        return validation;
    }

    @Override
    public long getTimestamp() {
        return timestamp;
    }

    @Override
    public void setTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    @Override
    public String toString() {
        return "GuardrailViolationEvent[" + endpointUri + ": " + validation.anomalies() + "]";
    }
}
