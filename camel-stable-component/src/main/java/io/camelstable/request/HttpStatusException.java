package io.camelstable.request;

/** A delegate answered with a failed HTTP status without throwing ({@code throwExceptionOnFailure=false}). */
public class HttpStatusException extends Exception {

    private final int statusCode;

    /**
     * @param statusCode the HTTP status
     */
    public HttpStatusException(int statusCode) {
        super("HTTP status " + statusCode);
        this.statusCode = statusCode;
    }

    /** @return the HTTP status */
    public int getStatusCode() {
        return statusCode;
    }
}
