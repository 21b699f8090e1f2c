package io.camelstable.infinispan.raft;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.camelstable.coordination.Delivery;
import io.camelstable.coordination.DeliverySettings;
import io.camelstable.coordination.TxOperation;
import io.camelstable.infinispan.ValueCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The replicated state machine on its own: the same commands give the same answers on every replica, and a
 * replica rebuilt from a snapshot answers every later command exactly as the one it was taken from.
 */
class CoordinationMachineTest {

    private static final DeliverySettings DELIVERY = DeliverySettings.defaults();

    /** A mixed history: locks (one queued waiter), values with TTL, a transaction, a leader, messages. */
    private static List<byte[]> history() {
        return List.of(
                Commands.encode(Op.ACQUIRE, 1000, out -> {
                    ValueCodec.writeString(out, "job");
                    ValueCodec.writeString(out, "a-1");
                    out.writeLong(500);
                    out.writeLong(0);
                }),
                Commands.encode(Op.ACQUIRE, 1001, out -> {
                    ValueCodec.writeString(out, "job");
                    ValueCodec.writeString(out, "b-1");
                    out.writeLong(500);
                    out.writeLong(5000);
                }),
                Commands.encode(Op.SET, 1002, out -> {
                    ValueCodec.writeString(out, "cursor");
                    ValueCodec.write(out, Map.of("at", 41L));
                    out.writeLong(10_000);
                }),
                Commands.encode(Op.TRANSACTION, 1003, out -> CoordinationMachine.writeOperations(out,
                        List.of(TxOperation.increment("stock", 5), TxOperation.set("last", "o-1")))),
                Commands.encode(Op.CAMPAIGN, 1004, out -> {
                    ValueCodec.writeString(out, "scheduler");
                    ValueCodec.writeString(out, "c1");
                    out.writeLong(1000);
                }),
                Commands.encode(Op.PUBLISH, 1005, out -> {
                    ValueCodec.writeString(out, "orders");
                    ValueCodec.write(out, "o-1");
                    out.writeByte(Delivery.EFFECTIVELY_ONCE.ordinal());
                    ValueCodec.writeNullableString(out, "k-1");
                }),
                Commands.encode(Op.INCREMENT_COUNTER, 1006, out -> {
                    ValueCodec.writeString(out, "n");
                    out.writeLong(3);
                }));
    }

    /** Commands after the snapshot point: expiry hands the lock to the waiter, a duplicate, CAS, a takeover. */
    private static List<byte[]> later() {
        return List.of(
                Commands.encode(Op.TOUCH_LOCK, 1600, out -> ValueCodec.writeString(out, "job")),
                Commands.encode(Op.VALIDATE, 1601, out -> {
                    ValueCodec.writeString(out, "job");
                    out.writeLong(2);
                }),
                Commands.encode(Op.PUBLISH, 1602, out -> {
                    ValueCodec.writeString(out, "orders");
                    ValueCodec.write(out, "o-1 again");
                    out.writeByte(Delivery.EFFECTIVELY_ONCE.ordinal());
                    ValueCodec.writeNullableString(out, "k-1");
                }),
                Commands.encode(Op.CAS, 1603, out -> {
                    ValueCodec.writeString(out, "cursor");
                    out.writeLong(1);
                    ValueCodec.write(out, 42L);
                }),
                Commands.encode(Op.CAMPAIGN, 2500, out -> {
                    ValueCodec.writeString(out, "scheduler");
                    ValueCodec.writeString(out, "c2");
                    out.writeLong(1000);
                }),
                Commands.encode(Op.GET, 20_000, out -> ValueCodec.writeString(out, "cursor")),
                Commands.encode(Op.GET_COUNTER, 20_001, out -> ValueCodec.writeString(out, "n")));
    }

    private static List<byte[]> apply(CoordinationMachine machine, List<byte[]> commands) throws Exception {
        return commands.stream().map(c -> {
            try {
                return machine.apply(c, 0, c.length, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void aReplicaRebuiltFromASnapshotAnswersLaterCommandsIdentically() throws Exception {
        CoordinationMachine original = new CoordinationMachine(DELIVERY);
        apply(original, history());
        ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
        original.writeContentTo(new DataOutputStream(snapshot));

        CoordinationMachine restored = new CoordinationMachine(DELIVERY);
        restored.readContentFrom(new DataInputStream(new ByteArrayInputStream(snapshot.toByteArray())));

        List<byte[]> expected = apply(original, later());
        List<byte[]> actual = apply(restored, later());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("answer to later command " + i).isEqualTo(expected.get(i));
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        restored.writeContentTo(new DataOutputStream(again));
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        original.writeContentTo(new DataOutputStream(reference));
        assertThat(again.toByteArray()).isEqualTo(reference.toByteArray());
    }

    @Test
    void anExpiredHolderIsReplacedByTheQueuedWaiterWithTheNextToken() throws Exception {
        CoordinationMachine machine = new CoordinationMachine(DELIVERY);
        apply(machine, history());
        byte[] validate = apply(machine, later()).get(1);
        // OK byte, then true: token 2 (the waiter b-1) holds the lock after the touch at t=1600 > 1000 + 500
        assertThat(validate).containsExactly(CoordinationMachine.OK, 1);
    }

    @Test
    void aCommandThatFailsChangesNothingAndAnswersWithTheReason() throws Exception {
        CoordinationMachine machine = new CoordinationMachine(DELIVERY);
        byte[] max = Commands.encode(Op.INCREMENT_COUNTER, 1, out -> {
            ValueCodec.writeString(out, "n");
            out.writeLong(Long.MAX_VALUE);
        });
        machine.apply(max, 0, max.length, true);
        byte[] answer = machine.apply(max, 0, max.length, true);
        assertThat(answer[0]).isEqualTo(CoordinationMachine.ERROR);
        byte[] get = Commands.encode(Op.GET_COUNTER, 2, out -> ValueCodec.writeString(out, "n"));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(machine.apply(get, 0, get.length, true)));
        assertThat(in.readByte()).isEqualTo(CoordinationMachine.OK);
        assertThat(in.readLong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void valuesKeepTheirTypesAndUnsupportedOnesAreRefusedByName() {
        Object value = Map.of("long", 41L, "int", 7, "list", List.of("a", 2.5, true), "bytes", new byte[] {1, 2});
        Map<?, ?> back = (Map<?, ?>) ValueCodec.decode(ValueCodec.encode(value));
        assertThat(back.get("long")).isInstanceOf(Long.class).isEqualTo(41L);
        assertThat(back.get("int")).isInstanceOf(Integer.class).isEqualTo(7);
        assertThat(back.get("list")).isEqualTo(List.of("a", 2.5, true));
        assertThat((byte[]) back.get("bytes")).containsExactly(1, 2);
        assertThatThrownBy(() -> ValueCodec.check(List.of(Duration.ZERO)))
                .hasMessageContaining("java.time.Duration");
    }

    @Test
    void settingsNameTheBadOptionItsValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> RaftSettings.of("g", "n4", List.of("n1", "n2", "n3")))
                .hasMessage("Invalid coordinator option nodeId=n4: must be one of members [n1, n2, n3]");
        assertThatThrownBy(() -> RaftSettings.of("g", "n1", List.of("n1", "n1")))
                .hasMessageContaining("members=[n1, n1]").hasMessageContaining("distinct");
        assertThatThrownBy(() -> RaftSettings.of("g", "n1", List.of("n1")).withLease(Duration.ofMillis(400),
                Duration.ofMillis(200))).hasMessageContaining("safetyMargin=PT0.2S")
                .hasMessageContaining("100 ms");
    }
}
