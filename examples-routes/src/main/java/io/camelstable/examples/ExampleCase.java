package io.camelstable.examples;

/**
 * One example: the route to call once, what to send, and how it is meant to end.
 *
 * @param route           the route id; the route consumes {@code direct:<route>}
 * @param body            the message body to send, null for an HTTP GET
 * @param expectedSuccess whether the stable execution is meant to succeed
 * @param description     what the example shows
 */
public record ExampleCase(String route, Object body, boolean expectedSuccess, String description) {

    /** @return the endpoint that starts the example's route */
    public String endpointUri() {
        return "direct:" + route;
    }
}
