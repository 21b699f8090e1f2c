package io.camelstable.cache;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.camelstable.engine.AttemptContext;
import io.camelstable.engine.ExecutionOptions;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.component.http.helper.HttpMethodHelper;
import org.apache.camel.http.common.HttpHelper;
import org.apache.camel.support.MessageHelper;

/**
 * HTTP caching for a camel-http delegate (fixing the seed's defects, SPEC §4.2 #1–2). The key is the
 * method and the full URI (scheme, host, port, path, query) exactly as camel-http will send them, a
 * SHA-256 of the body and, unless turned off, the {@code Authorization} value: different hosts or users
 * never share an entry. The response's {@code Vary} header names request headers (case-insensitive) whose
 * values must match too. Only the configured methods (GET and HEAD by default) and status codes are cached;
 * {@code Cache-Control: no-store / no-cache / max-age} and {@code Expires} are honoured on the response,
 * {@code no-store / no-cache / max-age=0} on the request.
 */
public final class HttpCachePolicy implements CachePolicy {

    private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*(\\d+)");

    private final HttpEndpoint endpoint;
    private final Set<String> methods;
    private final Set<Integer> statusCodes;
    private final boolean keyByAuthorization;

    /**
     * @param endpoint           the delegate
     * @param methods            upper-case methods whose responses may be cached
     * @param statusCodes        statuses that may be stored
     * @param keyByAuthorization whether the Authorization value is part of the key
     */
    public HttpCachePolicy(HttpEndpoint endpoint, Set<String> methods, Set<Integer> statusCodes,
                           boolean keyByAuthorization) {
        this.endpoint = endpoint;
        this.methods = Set.copyOf(methods);
        this.statusCodes = Set.copyOf(statusCodes);
        this.keyByAuthorization = keyByAuthorization;
    }

    @Override
    public Object keyOf(AttemptContext context) {
        Exchange exchange = context.exchange();
        Message in = exchange.getMessage();
        String requestControl = header(in.getHeaders(), "Cache-Control");
        if (requestControl != null && (requestControl.contains("no-store") || requestControl.contains("no-cache")
                || maxAge(requestControl) == 0)) {
            return null;
        }
        try {
            HttpMethods method = HttpMethodHelper.createMethod(exchange, endpoint);
            if (!methods.contains(method.name())) {
                return null;
            }
            URI uri = HttpHelper.createURI(exchange, HttpHelper.createURL(exchange, endpoint), endpoint);
            StringBuilder key = new StringBuilder(method.name()).append(' ').append(uri.toASCIIString());
            key.append(" body=").append(bodyHash(exchange));
            if (keyByAuthorization) {
                String auth = header(in.getHeaders(), "Authorization");
                key.append(" auth=").append(auth == null ? "-" : sha256(auth.getBytes(StandardCharsets.UTF_8)));
            }
            return key.toString();
        } catch (Exception e) {
            return null; // no key, no caching: the call goes out as usual and reports its own error
        }
    }

    @Override
    public boolean matches(AttemptContext context, CacheEntry entry) {
        Map<String, Object> headers = context.exchange().getMessage().getHeaders();
        for (Map.Entry<String, String> v : entry.vary().entrySet()) {
            if (!java.util.Objects.equals(v.getValue(), header(headers, v.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public CacheEntry entryOf(AttemptContext context, Object raw, long defaultTtl) {
        if (!(raw instanceof Exchange response)) {
            return null;
        }
        Message out = response.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || !statusCodes.contains(status)) {
            return null;
        }
        long ttl = ttl(out.getHeaders(), defaultTtl);
        String vary = header(out.getHeaders(), "Vary");
        if (ttl <= 0 || "*".equals(vary == null ? null : vary.trim())) {
            return null;
        }
        Map<String, String> varyValues = new TreeMap<>();
        if (vary != null) {
            Map<String, Object> request = context.exchange().getMessage().getHeaders();
            for (String name : vary.split(",")) {
                String n = name.trim().toLowerCase(Locale.ROOT);
                if (!n.isEmpty()) {
                    varyValues.put(n, header(request, n));
                }
            }
        }
        byte[] body = out.getBody(byte[].class);
        MessageHelper.resetStreamCache(out);
        Map<String, Object> stored = new HashMap<>(out.getHeaders());
        // camel-http leaves the request's headers in the response message: never replay credentials
        stored.keySet().removeIf(h -> ExecutionOptions.ALWAYS_REDACTED.contains(h.toLowerCase(Locale.ROOT)));
        return new CacheEntry(body, status, stored, ttl, varyValues);
    }

    @Override
    public Object rawOf(AttemptContext context, CacheEntry entry) {
        Exchange copy = context.exchange().copy();
        copy.getMessage().setHeaders(new HashMap<>(entry.headers()));
        copy.getMessage().setBody(entry.data());
        return copy;
    }

    private static long ttl(Map<String, Object> headers, long defaultTtl) {
        String control = header(headers, "Cache-Control");
        if (control != null) {
            String c = control.toLowerCase(Locale.ROOT);
            if (c.contains("no-store") || c.contains("no-cache")) {
                return 0;
            }
            long maxAge = maxAge(c);
            if (maxAge >= 0) {
                return maxAge * 1000;
            }
        }
        String expires = header(headers, "Expires");
        if (expires != null) {
            long until = io.camelstable.policy.RetryAfter.parseMillis(expires, System.currentTimeMillis());
            return until == io.camelstable.policy.RetryAfter.NONE ? 0 : until;
        }
        return defaultTtl;
    }

    private static long maxAge(String control) {
        Matcher m = MAX_AGE.matcher(control.toLowerCase(Locale.ROOT));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String bodyHash(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            return "-";
        }
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        MessageHelper.resetStreamCache(exchange.getMessage());
        return bytes == null ? "?" + body.hashCode() : sha256(bytes);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String header(Map<String, Object> headers, String name) {
        for (Map.Entry<String, Object> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                return e.getValue().toString();
            }
        }
        return null;
    }
}
