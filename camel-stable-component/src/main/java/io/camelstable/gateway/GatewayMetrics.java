package io.camelstable.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelstable.guardrail.MetricsGuardrails;
import io.camelstable.guardrail.ValidationResult;

/**
 * A gateway run's aggregates (SPEC §1.18 "Gateway result and metrics", with cancelled and not-started items
 * counted apart instead of vanishing).
 *
 * @param totalRequests          items defined
 * @param successfulRequests     items that succeeded
 * @param failedRequests         items whose execution failed
 * @param cancelledRequests      items the gateway cancelled while they ran
 * @param notStartedRequests     items never started
 * @param successRate            successful items, percent of the total
 * @param failureRate            failed items, percent of the total
 * @param executionTime          milliseconds from the start of the run to its result
 * @param timestamp              when the run ended, epoch milliseconds
 * @param throughput             items that ran to an end (succeeded or failed) per second of the run
 * @param averageRequestDuration mean execution time of the items that ran to an end, in milliseconds (the seed
 *                               divided the run's time by the item count)
 * @param requestGroups          per group, in order of first appearance
 * @param infrastructureMetrics  the breakers, limiters and caches the items used
 * @param validation             the gateway guardrails' verdict, or null without guardrails
 */
public record GatewayMetrics(int totalRequests, int successfulRequests, int failedRequests, int cancelledRequests,
        int notStartedRequests, double successRate, double failureRate, long executionTime, long timestamp,
        double throughput, double averageRequestDuration, List<GroupMetrics> requestGroups,
        GatewayInfrastructure infrastructureMetrics, ValidationResult validation) {

    /** The metrics a gateway guardrail may name (the seed's {@code apiGateway} section). */
    public static final Set<String> NAMES = Set.of("totalRequests", "successfulRequests", "failedRequests", "successRate",
            "failureRate", "executionTime", "throughput", "averageRequestDuration");

    /** The group of items that name none. */
    public static final String DEFAULT_GROUP = "default";

    /** Copies the groups. */
    public GatewayMetrics {
        requestGroups = List.copyOf(requestGroups);
    }

    static GatewayMetrics of(List<GatewayItemResult> items, long nanos, long now, GatewayInfrastructure infrastructure,
            MetricsGuardrails guardrails) {
        // one pass over the items (a run may have thousands): the totals, the durations and every group's counts
        Tally all = new Tally();
        Map<String, Tally> byGroup = new LinkedHashMap<>();
        long durations = 0;
        int timed = 0;
        for (GatewayItemResult item : items) {
            all.add(item);
            String group = item.getGroupId() == null ? DEFAULT_GROUP : item.getGroupId();
            Tally tally = byGroup.get(group);
            if (tally == null) {
                tally = new Tally();
                byGroup.put(group, tally);
            }
            tally.add(item);
            tally.ids.add(item.getRequestId());
            if (item.getResult() != null) {
                durations += item.getResult().getExecutionTimeMillis();
                timed++;
            }
        }
        int[] c = all.counts;
        List<GroupMetrics> groups = new ArrayList<>();
        byGroup.forEach((id, g) -> groups.add(new GroupMetrics(id, g.ids.size(), g.counts[0], g.counts[1], g.counts[2],
                g.counts[3], percent(g.counts[0], g.ids.size()), percent(g.counts[1], g.ids.size()), g.ids)));
        int ended = c[0] + c[1];
        double successRate = percent(c[0], items.size());
        double failureRate = percent(c[1], items.size());
        double throughput = nanos <= 0 ? 0 : ended / (nanos / 1e9);
        double average = timed == 0 ? 0 : (double) durations / timed;
        ValidationResult validation = null;
        if (guardrails != null) {
            Map<String, Double> values = new HashMap<>();
            values.put("totalRequests", (double) items.size());
            values.put("successfulRequests", (double) c[0]);
            values.put("failedRequests", (double) c[1]);
            values.put("successRate", successRate);
            values.put("failureRate", failureRate);
            values.put("executionTime", nanos / 1e6);
            values.put("throughput", throughput);
            values.put("averageRequestDuration", average);
            validation = guardrails.validate(values, now);
        }
        return new GatewayMetrics(items.size(), c[0], c[1], c[2], c[3], successRate, failureRate, nanos / 1_000_000, now,
                throughput, average, groups, infrastructure, validation);
    }

    /** Succeeded, failed, cancelled and not-started counts, and (for a group) the ids, in declaration order. */
    private static final class Tally {
        final int[] counts = new int[4];
        final List<String> ids = new ArrayList<>();

        void add(GatewayItemResult item) {
            switch (item.getStatus()) {
                case SUCCEEDED -> counts[0]++;
                case FAILED -> counts[1]++;
                case CANCELLED -> counts[2]++;
                default -> counts[3]++;
            }
        }
    }

    private static double percent(int part, int total) {
        return total == 0 ? 0 : part * 100.0 / total;
    }
}
