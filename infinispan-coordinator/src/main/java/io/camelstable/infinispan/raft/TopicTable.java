package io.camelstable.infinispan.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelstable.coordination.Delivery;
import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.PublishResult;
import io.camelstable.infinispan.ValueCodec;

/**
 * The replicated topics: at-least-once messages retained (bounded in count and time) with, per durable
 * subscriber, the sequences it acknowledged or gave up on, and the idempotency window of effectively-once
 * publishing. Delivery itself (handlers, redelivery timers) is done by the node the subscriber lives on.
 */
final class TopicTable {

    /** A committed message. */
    record Retained(String topic, long sequence, String messageId, Object payload, Delivery delivery,
                    long publishedAt) {
    }

    private record Seen(String messageId, long sequence, long at) {
    }

    private static final class Topic {
        long sequence;
        final ArrayDeque<Retained> retained = new ArrayDeque<>();
        final Map<String, Set<Long>> done = new HashMap<>();
        final LinkedHashMap<String, Seen> idempotencyKeys = new LinkedHashMap<>();
    }

    private final DeliverySettings settings;
    private final Map<String, Topic> topics = new HashMap<>();
    private long messageIds;

    TopicTable(DeliverySettings settings) {
        this.settings = settings;
    }

    PublishResult publish(String name, Object payload, Delivery delivery, String idempotencyKey, long now,
                          MachineEvents events) {
        Topic topic = topics.computeIfAbsent(name, k -> new Topic());
        prune(topic, now);
        if (delivery == Delivery.EFFECTIVELY_ONCE) {
            Seen seen = topic.idempotencyKeys.get(idempotencyKey);
            if (seen != null) {
                return new PublishResult(seen.messageId, seen.sequence, true);
            }
        }
        Retained message = new Retained(name, ++topic.sequence, "msg-" + (++messageIds), payload, delivery, now);
        if (delivery == Delivery.EFFECTIVELY_ONCE) {
            topic.idempotencyKeys.put(idempotencyKey, new Seen(message.messageId, message.sequence, now));
        }
        if (delivery != Delivery.AT_MOST_ONCE && settings.retentionLimit() > 0) {
            // retained even with no subscriber, so a subscriber that is down or late still gets it
            topic.retained.addLast(message);
        }
        prune(topic, now);
        events.published(message);
        return new PublishResult(message.messageId, message.sequence, false);
    }

    void subscribe(String name, String subscriberId, long now, MachineEvents events) {
        Topic topic = topics.computeIfAbsent(name, k -> new Topic());
        prune(topic, now);
        Set<Long> done = topic.done.computeIfAbsent(subscriberId, k -> new HashSet<>());
        List<Retained> pending = new ArrayList<>();
        for (Retained r : topic.retained) {
            if (!done.contains(r.sequence)) {
                pending.add(r);
            }
        }
        events.subscribed(name, subscriberId, pending);
    }

    void acknowledge(String name, String subscriberId, long sequence, long now, MachineEvents events) {
        Topic topic = topics.get(name);
        if (topic == null) {
            return;
        }
        prune(topic, now);
        if (!topic.retained.isEmpty() && sequence >= topic.retained.peekFirst().sequence) {
            topic.done.computeIfAbsent(subscriberId, k -> new HashSet<>()).add(sequence);
        }
        events.acknowledged(name, subscriberId, sequence);
    }

    /** Drops retained messages and idempotency keys beyond the count and time bounds. */
    private void prune(Topic topic, long now) {
        long retentionMillis = settings.retentionTime().toMillis();
        while (!topic.retained.isEmpty() && (topic.retained.size() > settings.retentionLimit()
                || now - topic.retained.peekFirst().publishedAt >= retentionMillis)) {
            long gone = topic.retained.pollFirst().sequence;
            topic.done.values().forEach(d -> d.remove(gone));
        }
        long dedupMillis = settings.dedupWindowTime().toMillis();
        Iterator<Seen> seen = topic.idempotencyKeys.values().iterator();
        while (seen.hasNext()) {
            Seen oldest = seen.next();
            if (topic.idempotencyKeys.size() <= settings.dedupWindowSize() && now - oldest.at < dedupMillis) {
                break; // insertion order: the rest are newer
            }
            seen.remove();
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(messageIds);
        out.writeInt(topics.size());
        for (Map.Entry<String, Topic> entry : topics.entrySet()) {
            Topic t = entry.getValue();
            ValueCodec.writeString(out, entry.getKey());
            out.writeLong(t.sequence);
            out.writeInt(t.retained.size());
            for (Retained r : t.retained) {
                out.writeLong(r.sequence);
                ValueCodec.writeString(out, r.messageId);
                ValueCodec.write(out, r.payload);
                out.writeByte(r.delivery.ordinal());
                out.writeLong(r.publishedAt);
            }
            out.writeInt(t.done.size());
            for (Map.Entry<String, Set<Long>> d : t.done.entrySet()) {
                ValueCodec.writeString(out, d.getKey());
                out.writeInt(d.getValue().size());
                for (long sequence : d.getValue()) {
                    out.writeLong(sequence);
                }
            }
            out.writeInt(t.idempotencyKeys.size());
            for (Map.Entry<String, Seen> k : t.idempotencyKeys.entrySet()) {
                ValueCodec.writeString(out, k.getKey());
                ValueCodec.writeString(out, k.getValue().messageId);
                out.writeLong(k.getValue().sequence);
                out.writeLong(k.getValue().at);
            }
        }
    }

    void readFrom(DataInput in) throws IOException {
        topics.clear();
        messageIds = in.readLong();
        int size = in.readInt();
        for (int i = 0; i < size; i++) {
            String name = ValueCodec.readString(in);
            Topic t = new Topic();
            t.sequence = in.readLong();
            int retained = in.readInt();
            for (int r = 0; r < retained; r++) {
                t.retained.addLast(new Retained(name, in.readLong(), ValueCodec.readString(in), ValueCodec.read(in),
                        Delivery.values()[in.readByte()], in.readLong()));
            }
            int subscribers = in.readInt();
            for (int s = 0; s < subscribers; s++) {
                String id = ValueCodec.readString(in);
                int count = in.readInt();
                Set<Long> done = new HashSet<>();
                for (int d = 0; d < count; d++) {
                    done.add(in.readLong());
                }
                t.done.put(id, done);
            }
            int keys = in.readInt();
            for (int k = 0; k < keys; k++) {
                t.idempotencyKeys.put(ValueCodec.readString(in),
                        new Seen(ValueCodec.readString(in), in.readLong(), in.readLong()));
            }
            topics.put(name, t);
        }
    }
}
