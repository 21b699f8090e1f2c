package io.camelstable.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.camel.util.URISupport;

/** Keeps secrets out of logs and results: masks headers by name and credentials inside URIs and messages. */
public final class Redaction {

    /** What a masked value reads as. */
    public static final String MASK = "xxxxxx";

    private Redaction() {
    }

    /**
     * @param  headers request headers, may be null
     * @param  redact  lower-case names to mask
     * @return         a copy with masked values (empty when there are none)
     */
    public static Map<String, Object> maskHeaders(Map<String, Object> headers, Set<String> redact) {
        if (headers == null || headers.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, redact.contains(k.toLowerCase(java.util.Locale.ROOT)) ? MASK : v));
        return copy;
    }

    /**
     * @param  message text that may hold a URI with credentials
     * @param  max     characters to keep
     * @return         the text with passwords, tokens and user info masked, truncated to {@code max} with "..."
     */
    public static String sanitize(String message, int max) {
        if (message == null) {
            return null;
        }
        String clean = URISupport.sanitizeUri(message);
        return clean.length() > max ? clean.substring(0, max) + "..." : clean;
    }
}
