package io.camelstable.gateway;

import java.util.List;

/**
 * The items of one group in a gateway run (items without a group form the group {@code default}).
 *
 * @param groupId            the group
 * @param totalRequests      items in it
 * @param successfulRequests items that succeeded
 * @param failedRequests     items that failed
 * @param cancelledRequests  items the gateway cancelled
 * @param notStartedRequests items never started
 * @param successRate        successful items, percent of the total
 * @param failureRate        failed items, percent of the total
 * @param requestIds         the items, in declaration order
 */
public record GroupMetrics(String groupId, int totalRequests, int successfulRequests, int failedRequests,
        int cancelledRequests, int notStartedRequests, double successRate, double failureRate, List<String> requestIds) {

    /** Copies the ids. */
    public GroupMetrics {
        requestIds = List.copyOf(requestIds);
    }
}
