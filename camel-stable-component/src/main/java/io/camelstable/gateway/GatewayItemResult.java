package io.camelstable.gateway;

import java.util.Collections;
import java.util.Map;

import io.camelstable.result.ExecutionMetrics;
import io.camelstable.result.StableResult;
import org.apache.camel.StreamCache;
import org.apache.camel.TypeConverter;

/**
 * One item's outcome in a {@link GatewayResult}: every item appears exactly once, in declaration order, whether it
 * succeeded, failed, was cancelled or never started.
 */
public final class GatewayItemResult {

    private final String requestId;
    private final String groupId;
    private final ItemKind type;
    private final ItemStatus status;
    private final Object data;
    private final String error;
    private final Map<String, Object> headers;
    private final StableResult<Object> result;
    private final TypeConverter converter;

    GatewayItemResult(String requestId, String groupId, ItemKind type, ItemStatus status, Object data, String error,
            Map<String, Object> headers, StableResult<Object> result, TypeConverter converter) {
        this.requestId = requestId;
        this.groupId = groupId;
        this.type = type;
        this.status = status;
        this.data = data;
        this.error = error;
        // a read-only view, not a copy: the response's exchange is this item's own, and nothing changes it after the
        // item ended (Camel's header map also keeps its case-insensitive lookups)
        this.headers = headers == null ? Map.of() : Collections.unmodifiableMap(headers);
        this.result = result;
        this.converter = converter;
    }

    /** @return the item's id */
    public String getRequestId() {
        return requestId;
    }

    /** @return the item's group, or null */
    public String getGroupId() {
        return groupId;
    }

    /** @return request or function */
    public ItemKind getType() {
        return type;
    }

    /** @return SUCCEEDED, FAILED, CANCELLED or NOT_STARTED */
    public ItemStatus getStatus() {
        return status;
    }

    /** @return whether the item succeeded */
    public boolean isSuccess() {
        return status == ItemStatus.SUCCEEDED;
    }

    /** @return the response body or return value of a successful item, else null */
    public Object getData() {
        return data;
    }

    /**
     * @param  <T>  the type wanted
     * @param  type the type wanted, converted by Camel (a response stream is read from its start)
     * @return      the data as that type, or null
     */
    public <T> T getData(Class<T> type) {
        if (data instanceof StreamCache cache) {
            cache.reset();
        }
        return data == null ? null : converter.convertTo(type, data);
    }

    /** @return why the item did not succeed (its final error, or why it was cancelled or not started), else null */
    public String getError() {
        return error;
    }

    /** @return the response headers of a successful request item, else empty */
    public Map<String, Object> getHeaders() {
        return headers;
    }

    /**
     * @return the item's execution result (attempt log, metrics, validation), or null when the item never started
     *         or the gateway stopped it before its execution ended
     */
    public StableResult<Object> getResult() {
        return result;
    }

    /** @return the item's execution metrics, or null without a result */
    public ExecutionMetrics getMetrics() {
        return result == null ? null : result.getMetrics();
    }

    @Override
    public String toString() {
        return requestId + "[" + status + (error == null ? "" : ": " + error) + "]";
    }
}
