package io.camelstable.cache;

import java.util.Map;

/**
 * What a cache holds for one key: the data, and for HTTP the status and response headers needed to
 * rebuild the response.
 *
 * @param data       the body or return value
 * @param statusCode HTTP status, 0 for functions
 * @param headers    response headers to restore, empty for functions
 * @param ttlMillis  how long this entry lives
 * @param vary       the request header values named by the response's {@code Vary}, lower-case names; a later
 *                   request must carry the same values to be served this entry
 */
public record CacheEntry(Object data, int statusCode, Map<String, Object> headers, long ttlMillis, Map<String, String> vary) {
}
