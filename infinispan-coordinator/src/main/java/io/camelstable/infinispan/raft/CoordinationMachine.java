package io.camelstable.infinispan.raft;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jgroups.raft.StateMachine;
import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;

import io.camelstable.coordination.CasResult;
import io.camelstable.coordination.Delivery;
import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.PublishResult;
import io.camelstable.coordination.TransactionResult;
import io.camelstable.coordination.TxOperation;
import io.camelstable.coordination.Versioned;
import io.camelstable.infinispan.ValueCodec;

/**
 * The coordination state every member replicates through the Raft log: locks, values and counters, elections
 * and topics. Every command is applied in log order on every member with the time it carries, so all members
 * reach the same state; nothing here reads a clock, a random number or the member it runs on. The machine's
 * time is the greatest command time seen, so it never goes back even if the proposers' clocks differ.
 */
final class CoordinationMachine implements StateMachine {

    static final byte OK = 0;
    static final byte ERROR = 1;

    private final LockTable locks = new LockTable();
    private final StateTable state = new StateTable();
    private final ElectionTable elections = new ElectionTable();
    private final TopicTable topics;
    private volatile MachineEvents events = MachineEvents.NONE;
    private long now;

    CoordinationMachine(DeliverySettings settings) {
        this.topics = new TopicTable(settings);
    }

    void events(MachineEvents events) {
        this.events = events;
    }

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) throws Exception {
        ByteArrayDataInputStream in = new ByteArrayDataInputStream(data, offset, length);
        Op op = Op.of(in.readByte());
        now = Math.max(now, in.readLong());
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(32);
        out.writeByte(OK);
        try {
            apply(op, in, out);
        } catch (RuntimeException e) {
            // every member fails the same command the same way before changing anything, so state stays equal
            out = new ByteArrayDataOutputStream(64);
            out.writeByte(ERROR);
            ValueCodec.writeString(out, String.valueOf(e.getMessage()));
        }
        return serializeResponse ? Arrays.copyOf(out.buffer(), out.position()) : null;
    }

    private void apply(Op op, DataInput in, DataOutput out) throws IOException {
        MachineEvents ev = events;
        switch (op) {
            case ACQUIRE -> {
                String key = ValueCodec.readString(in);
                writeGrant(out, locks.acquire(key, ValueCodec.readString(in), in.readLong(), in.readLong(), now, ev));
            }
            case CANCEL_WAIT -> writeGrant(out,
                    locks.cancelWait(ValueCodec.readString(in), ValueCodec.readString(in), now, ev));
            case RENEW -> out.writeLong(
                    locks.renew(ValueCodec.readString(in), ValueCodec.readString(in), in.readLong(), now, ev));
            case RELEASE -> out.writeBoolean(
                    locks.release(ValueCodec.readString(in), ValueCodec.readString(in), in.readLong(), now, ev));
            case TOUCH_LOCK -> out.writeLong(locks.touch(ValueCodec.readString(in), now, ev));
            case VALIDATE -> out.writeBoolean(locks.validate(ValueCodec.readString(in), in.readLong(), now, ev));
            case GET -> writeVersioned(out, state.get(ValueCodec.readString(in), now));
            case SET -> out.writeLong(
                    state.set(ValueCodec.readString(in), ValueCodec.read(in), in.readLong(), now).version());
            case DELETE -> out.writeBoolean(state.delete(ValueCodec.readString(in), now));
            case CAS -> {
                String key = ValueCodec.readString(in);
                long expected = in.readLong();
                CasResult cas = state.compareAndSwap(key, expected, ValueCodec.read(in), now);
                out.writeBoolean(cas.swapped());
                writeVersioned(out, cas.current());
            }
            case TRANSACTION -> writeTransaction(out, state.transaction(readOperations(in), now));
            case INCREMENT_COUNTER -> out.writeLong(state.increment(ValueCodec.readString(in), in.readLong()));
            case GET_COUNTER -> out.writeLong(state.counter(ValueCodec.readString(in)));
            case CAMPAIGN -> writeLeadership(out, elections.campaign(ValueCodec.readString(in),
                    ValueCodec.readString(in), in.readLong(), now, ev));
            case RESIGN -> out.writeBoolean(
                    elections.resign(ValueCodec.readString(in), ValueCodec.readString(in), now, ev));
            case GET_LEADER -> writeLeadership(out, elections.leader(ValueCodec.readString(in), now, ev));
            case PUBLISH -> {
                String topic = ValueCodec.readString(in);
                Object payload = ValueCodec.read(in);
                Delivery delivery = Delivery.values()[in.readByte()];
                PublishResult r = topics.publish(topic, payload, delivery, ValueCodec.readNullableString(in), now, ev);
                ValueCodec.writeString(out, r.messageId());
                out.writeLong(r.sequence());
                out.writeBoolean(r.duplicate());
            }
            case SUBSCRIBE -> topics.subscribe(ValueCodec.readString(in), ValueCodec.readString(in), now, ev);
            case ACKNOWLEDGE -> topics.acknowledge(ValueCodec.readString(in), ValueCodec.readString(in),
                    in.readLong(), now, ev);
            default -> throw new IllegalStateException("Unhandled coordination command " + op);
        }
    }

    private static void writeGrant(DataOutput out, LockTable.Grant grant) throws IOException {
        out.writeByte(grant.outcome().ordinal());
        out.writeLong(grant.token());
        out.writeLong(grant.expiresAt());
    }

    static void writeVersioned(DataOutput out, Versioned<Object> v) throws IOException {
        out.writeBoolean(v != null);
        if (v != null) {
            ValueCodec.write(out, v.value());
            out.writeLong(v.version());
        }
    }

    static Versioned<Object> readVersioned(DataInput in) throws IOException {
        return in.readBoolean() ? new Versioned<>(ValueCodec.read(in), in.readLong()) : null;
    }

    private static void writeTransaction(DataOutput out, TransactionResult result) throws IOException {
        out.writeByte(result.status().ordinal());
        ValueCodec.writeNullableString(out, result.error());
        out.writeInt(result.results().size());
        for (Versioned<Object> v : result.results()) {
            writeVersioned(out, v);
        }
    }

    static void writeOperations(DataOutput out, List<TxOperation> operations) throws IOException {
        out.writeInt(operations.size());
        for (TxOperation op : operations) {
            out.writeByte(op.type().ordinal());
            ValueCodec.writeString(out, op.key());
            ValueCodec.write(out, op.value());
            out.writeLong(op.delta());
            out.writeLong(op.expectedVersion());
        }
    }

    private static List<TxOperation> readOperations(DataInput in) throws IOException {
        int size = in.readInt();
        List<TxOperation> operations = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            operations.add(new TxOperation(TxOperation.Type.values()[in.readByte()], ValueCodec.readString(in),
                    ValueCodec.read(in), in.readLong(), in.readLong()));
        }
        return operations;
    }

    private static void writeLeadership(DataOutput out, ElectionTable.View view) throws IOException {
        out.writeBoolean(view.leadership() != null);
        if (view.leadership() != null) {
            ValueCodec.writeString(out, view.leadership().election());
            ValueCodec.writeNullableString(out, view.leadership().leaderId());
            out.writeLong(view.leadership().epoch());
            out.writeBoolean(view.leadership().isLeader());
            out.writeLong(view.expiresAt());
        }
    }

    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        out.writeLong(now);
        locks.writeTo(out);
        state.writeTo(out);
        elections.writeTo(out);
        topics.writeTo(out);
    }

    @Override
    public void readContentFrom(DataInput in) throws Exception {
        now = in.readLong();
        locks.readFrom(in);
        state.readFrom(in);
        elections.readFrom(in);
        topics.readFrom(in);
    }
}
