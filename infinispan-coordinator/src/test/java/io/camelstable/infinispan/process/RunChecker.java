package io.camelstable.infinispan.process;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Counts what a multi-JVM run did from the nodes' report lines (see {@link RaftCounterNode}): acknowledged writes,
 * acknowledged values handed out twice, acknowledged values missing from the final state, and time with two leaders.
 * Every line's last word is its {@code System.nanoTime()}; other lines (library chatter) are skipped.
 */
public final class RunChecker {

    /** One report line of one node. */
    record Event(String node, String kind, List<String> words, long nanos) {
    }

    private final List<Event> events = new ArrayList<>();
    private final Map<String, Long> killed = new HashMap<>();

    /**
     * @param  node  the node's name
     * @param  lines its stdout lines
     * @return       this checker
     */
    public RunChecker node(String node, List<String> lines) {
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            if (words.length >= 2 && words[0].matches("[A-Z]+")) {
                try {
                    long nanos = Long.parseLong(words[words.length - 1]);
                    events.add(new Event(node, words[0], List.of(words).subList(1, words.length - 1), nanos));
                } catch (NumberFormatException e) {
                    // not a timed report line
                }
            }
        }
        return this;
    }

    /**
     * @param  node  the node killed
     * @param  nanos when: a leader that dies without a word stops leading at this instant
     * @return       this checker
     */
    public RunChecker killedAt(String node, long nanos) {
        killed.put(node, nanos);
        return this;
    }

    private Stream<Event> acks(String subject) {
        return events.stream().filter(e -> e.kind().equals("ACK") && e.words().get(0).equals(subject));
    }

    private List<Long> ackedValues(String subject) {
        return acks(subject).map(e -> Long.parseLong(e.words().get(1))).toList();
    }

    /** @return how many writes on {@code subject} were acknowledged */
    public long acked(String subject) {
        return ackedValues(subject).size();
    }

    /** @return how many acknowledged values of {@code subject} had been acknowledged before (must be 0) */
    public long duplicates(String subject) {
        Set<Long> seen = new HashSet<>();
        return ackedValues(subject).stream().filter(v -> !seen.add(v)).count();
    }

    /**
     * @return how many acknowledgements on {@code subject} started from a base (the word after the value, such as
     *         a CAS's expected version) that an earlier acknowledgement had started from: one transition
     *         acknowledged to two writers (must be 0)
     */
    public long sameBaseTwice(String subject) {
        Set<String> seen = new HashSet<>();
        return acks(subject).filter(e -> e.words().size() > 2).filter(e -> !seen.add(e.words().get(2))).count();
    }

    /** @return how many calls on {@code subject} failed ({@code FAIL <subject> <error>}): each may have been applied */
    public long failed(String subject) {
        return events.stream().filter(e -> e.kind().equals("FAIL") && e.words().get(0).equals(subject)).count();
    }

    /**
     * @param  finalValue the counter's final value: increments apply 1, 2, ..., finalValue
     * @return            how many acknowledged values are above it: acknowledged but never applied (must be 0)
     */
    public long ackedNotApplied(String subject, long finalValue) {
        return ackedValues(subject).stream().filter(v -> v > finalValue || v < 1).count();
    }

    /**
     * @param  endNanos the end of the run: a leader still leading then stops there
     * @return          the total time during which two or more nodes were leader at once (must be 0)
     */
    public long twoLeadersNanos(long endNanos) {
        List<long[]> edges = new ArrayList<>(); // {time, +1 | -1}
        Map<String, Long> since = new HashMap<>();
        events.stream().filter(e -> e.kind().equals("LEADER") || e.kind().equals("STEPDOWN"))
                .sorted(Comparator.comparingLong(Event::nanos)).forEach(e -> {
                    if (e.kind().equals("LEADER")) {
                        since.putIfAbsent(e.node(), e.nanos());
                    } else if (since.containsKey(e.node())) {
                        edges.add(new long[] {since.remove(e.node()), 1});
                        edges.add(new long[] {e.nanos(), -1});
                    }
                });
        since.forEach((node, start) -> {
            edges.add(new long[] {start, 1});
            edges.add(new long[] {Math.max(start, killed.getOrDefault(node, endNanos)), -1});
        });
        // ends before starts at the same instant: a hand-over at one instant is no overlap
        edges.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]));
        long overlap = 0;
        int leaders = 0;
        long last = 0;
        for (long[] edge : edges) {
            if (leaders >= 2) {
                overlap += edge[0] - last;
            }
            leaders += (int) edge[1];
            last = edge[0];
        }
        return overlap;
    }

    /** @return how many terms had more than one leader (Raft's own promise: must be 0) */
    public long termsWithTwoLeaders() {
        Map<String, Set<String>> leadersByTerm = new HashMap<>();
        events.stream().filter(e -> e.kind().equals("LEADER"))
                .forEach(e -> leadersByTerm.computeIfAbsent(e.words().get(1), t -> new HashSet<>()).add(e.node()));
        return leadersByTerm.values().stream().filter(s -> s.size() > 1).count();
    }

    /**
     * @return the longest time, from {@code nanos} on, during which no node printed a line of this kind (from
     *         {@code nanos} to the first such line, or between two of them): how long writes paused
     */
    public long longestGapAfter(String kind, long nanos) {
        long[] times = events.stream().filter(e -> e.kind().equals(kind) && e.nanos() > nanos).mapToLong(Event::nanos)
                .sorted().toArray();
        long gap = 0;
        long last = nanos;
        for (long t : times) {
            gap = Math.max(gap, t - last);
            last = t;
        }
        return gap;
    }

    /** @return the time of the first line of this kind (any node) after {@code nanos}, if any */
    public OptionalLong firstAfter(String kind, long nanos) {
        return events.stream().filter(e -> e.kind().equals(kind) && e.nanos() > nanos).mapToLong(Event::nanos).min();
    }

    /**
     * @return when {@code node} first knew a leader other than {@code formerLeader} after {@code nanos}
     *         ({@code SEES} lines), if it did
     */
    public OptionalLong firstSeesOtherLeader(String node, String formerLeader, long nanos) {
        return events.stream().filter(e -> e.node().equals(node) && e.kind().equals("SEES") && e.nanos() > nanos)
                .filter(e -> !e.words().get(1).equals(formerLeader) && !e.words().get(1).equals("null"))
                .mapToLong(Event::nanos).min();
    }

    /**
     * @param  receiver a subscriber's node
     * @return          how many payloads were acknowledged to their publisher ({@code PUBACK}) but never delivered
     *                  to {@code receiver} ({@code RECV}): must be 0 for an at-least-once subscriber that stayed up
     */
    public long undelivered(String receiver) {
        Set<String> received = new HashSet<>();
        events.stream().filter(e -> e.node().equals(receiver) && e.kind().equals("RECV")).forEach(e -> received.add(e.words().get(0)));
        return events.stream().filter(e -> e.kind().equals("PUBACK") && !received.contains(e.words().get(0))).count();
    }

    /** @return how many payloads were acknowledged to their publisher */
    public long published() {
        return events.stream().filter(e -> e.kind().equals("PUBACK")).count();
    }

    /** @return the time of the first acknowledgement on {@code subject} after {@code nanos}, if any */
    public OptionalLong firstAckAfter(String subject, long nanos) {
        return acks(subject).filter(e -> e.nanos() > nanos).mapToLong(Event::nanos).min();
    }

    /** @return how many acknowledgements on {@code subject} (any node) came after {@code nanos} */
    public long ackedAfter(String subject, long nanos) {
        return acks(subject).filter(e -> e.nanos() > nanos).count();
    }

    /** @return the smallest value acknowledged on {@code subject} after {@code nanos}, if any */
    public OptionalLong minAckedAfter(String subject, long nanos) {
        return acks(subject).filter(e -> e.nanos() > nanos).mapToLong(e -> Long.parseLong(e.words().get(1))).min();
    }

    /** @return how many lines of this kind {@code node} printed after {@code nanos} */
    public long countAfter(String node, String kind, long nanos) {
        return events.stream().filter(e -> e.node().equals(node) && e.kind().equals(kind) && e.nanos() > nanos).count();
    }
}
