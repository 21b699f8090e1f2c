package io.camelstable.buffer;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transaction log: what an entry holds, its JSON Lines form, and replay versus restore (SPEC §4.2 #24, #25). */
class BufferLogTest {

    static final NamedTransaction ADD = (state, p) -> state.merge("count", p.get("by"), (a, b) -> (Integer) a + (Integer) b);
    static final NamedTransaction TAG = (state, p) -> {
        @SuppressWarnings("unchecked")
        List<Object> tags = (List<Object>) state.computeIfAbsent("tags", k -> new ArrayList<>());
        tags.add(p.get("tag"));
        return tags.size();
    };
    static final TransactionRegistry REGISTRY = TransactionRegistry.of(Map.of("add", ADD, "tag", TAG));

    @TempDir
    Path dir;

    private static BufferConfig.Builder config(TransactionLogSink sink) {
        return BufferConfig.builder().initialState(Map.of("count", 0, "old", "x")).transactions(REGISTRY).logSink(sink);
    }

    private static <T> T join(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Named and code transactions, one failure, on a buffer logging to {@code sink}. */
    private static StableBuffer history(TransactionLogSink sink) throws Exception {
        StableBuffer buffer = StableBuffer.create("orders", config(sink).build());
        join(buffer.transaction("add", Map.of("by", 2)));
        join(buffer.transaction("tag", Map.of("tag", "new")));
        join(buffer.transaction(state -> {
            state.remove("old");
            state.put("price", 12.5);
            return null;
        }));
        CompletableFuture<Object> failed = buffer.transaction("add", Map.of("by", "not a number"));
        assertThatThrownBy(() -> join(failed)).isInstanceOf(ExecutionException.class);
        join(buffer.transaction("add", Map.of("by", 3)));
        return buffer;
    }

    @Test
    void eachCommitIsAnEntryWithNameParametersAndChangeOnly() throws Exception {
        InMemoryTransactionLog log = new InMemoryTransactionLog();
        history(log);
        List<TransactionLogEntry> entries = log.entries();

        assertThat(entries).extracting(TransactionLogEntry::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(entries).extracting(TransactionLogEntry::transaction).containsExactly("add", "tag", null, "add");
        assertThat(entries).extracting(TransactionLogEntry::buffer).containsOnly("orders");
        assertThat(entries).extracting(TransactionLogEntry::id).doesNotHaveDuplicates();
        assertThat(entries.get(0).parameters()).isEqualTo(Map.of("by", 2));
        assertThat(entries.get(0).set()).isEqualTo(Map.of("count", 2));
        assertThat(entries.get(0).removed()).isEmpty();
        assertThat(entries.get(1).set()).isEqualTo(Map.of("tags", List.of("new")));
        assertThat(entries.get(2).parameters()).isEmpty();
        assertThat(entries.get(2).set()).isEqualTo(Map.of("price", 12.5));
        assertThat(entries.get(2).removed()).containsExactly("old");
        assertThat(entries.get(3).set()).isEqualTo(Map.of("count", 5));
        assertThat(entries.get(3).time()).isAfterOrEqualTo(entries.get(0).time());
    }

    @Test
    void theFileSinkWritesOneJsonObjectPerLineAsEachTransactionCommits() throws Exception {
        Path file = dir.resolve("logs/orders.jsonl");
        StableBuffer buffer = StableBuffer.create("orders", config(new JsonLinesFileSink(file)).build());
        join(buffer.transaction("add", Map.of("by", 2)));
        assertThat(Files.readAllLines(file)).hasSize(1); // there before the future completed
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("int", 7);
        values.put("long", 5_000_000_000L);
        values.put("big", new BigInteger("123456789012345678901234567890"));
        values.put("double", 12_345_678.9);
        values.put("whole double", 3.0);
        values.put("text", "quote \" newline \n unicode é");
        values.put("nothing", null);
        values.put("flag", true);
        values.put("nested", Map.of("list", List.of(1, "two")));
        join(buffer.transaction(state -> {
            state.putAll(values);
            return null;
        }));
        buffer.close();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonObject first = (JsonObject) Jsoner.deserialize(lines.get(0));
        assertThat(first.keySet()).containsExactly("id", "sequence", "time", "buffer", "transaction", "parameters", "change");
        assertThat(first.getString("transaction")).isEqualTo("add");
        List<TransactionLogEntry> read = JsonLinesLog.read(file);
        assertThat(read.get(0).parameters()).isEqualTo(Map.of("by", 2));
        assertThat(read.get(1).transaction()).isNull();
        // read back with the same values and the same types
        assertThat(read.get(1).set()).isEqualTo(values);
        assertThat(read.get(1).set().get("long")).isInstanceOf(Long.class);
        assertThat(read.get(1).set().get("whole double")).isInstanceOf(Double.class);
        assertThat(read.get(1).set().get("double")).isInstanceOf(Double.class);
    }

    @Test
    void aValueJsonCannotHoldFailsTheTransactionAndWritesNothing() throws Exception {
        Path file = dir.resolve("strict.jsonl");
        StableBuffer buffer = StableBuffer.create("strict", BufferConfig.builder().logSink(new JsonLinesFileSink(file)).build());
        CompletableFuture<Object> notJson = buffer.transaction(state -> state.put("when", new Object()));
        assertThatThrownBy(() -> join(notJson)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'change.set.when'").hasMessageContaining("java.lang.Object");
        CompletableFuture<Object> nan = buffer.transaction(state -> state.put("ratio", Double.NaN));
        assertThatThrownBy(() -> join(nan)).hasMessageContaining("'change.set.ratio' is NaN");
        assertThat(buffer.read()).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void aSinkThatFailsFailsTheTransactionAndTheStateStays() throws Exception {
        StableBuffer buffer = StableBuffer.create("disk-full", BufferConfig.builder().logSink(entry -> {
            throw new IOException("disk full");
        }).build());
        CompletableFuture<Object> write = buffer.transaction(state -> state.put("k", 1));
        assertThatThrownBy(() -> join(write)).hasCauseInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThat(buffer.read()).isEmpty();
        assertThat(buffer.snapshot().sequence()).isZero();
    }

    @Test
    void replayRerunsTheNamedTransactionsInSequenceOrderDeterministically() throws Exception {
        InMemoryTransactionLog log = new InMemoryTransactionLog();
        StableBuffer original = history(log);
        List<TransactionLogEntry> named = log.entries().stream().filter(e -> e.transaction() != null).toList();
        List<TransactionLogEntry> shuffled = new ArrayList<>(named);
        Collections.reverse(shuffled);

        StableBuffer first = StableBuffer.create("orders", config(null).build());
        RecoveryResult result = join(first.replay(shuffled, REGISTRY));
        StableBuffer second = StableBuffer.create("orders", config(null).build());
        join(second.replay(named, REGISTRY));

        assertThat(result.applied()).isEqualTo(3);
        assertThat(result.sequence()).isEqualTo(4);
        assertThat(first.read()).isEqualTo(second.read()).containsEntry("count", 5).containsEntry("tags", List.of("new"));
        // the code transaction was not in this log, so its change is not either
        assertThat(original.read()).containsKey("price");
        assertThat(first.read()).doesNotContainKey("price");
        // the buffer continues the log's numbering
        assertThat(first.snapshot().sequence()).isEqualTo(4);
        InMemoryTransactionLog continued = new InMemoryTransactionLog();
        StableBuffer resumed = StableBuffer.create("orders", config(continued).build());
        join(resumed.replay(named, REGISTRY));
        join(resumed.transaction("add", Map.of("by", 1)));
        assertThat(continued.entries()).extracting(TransactionLogEntry::sequence).containsExactly(5L);
    }

    @Test
    void anUnknownNameFailsTheReplayNamingItUnlessSkipped() throws Exception {
        InMemoryTransactionLog log = new InMemoryTransactionLog();
        history(log);
        TransactionRegistry onlyAdd = TransactionRegistry.of(Map.of("add", ADD));
        StableBuffer target = StableBuffer.create("orders", config(null).build());

        assertThatThrownBy(() -> target.replay(log.entries(), onlyAdd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no transaction is registered as 'tag'").hasMessageContaining("[add]");
        List<TransactionLogEntry> named = log.entries().stream().filter(e -> e.transaction() != null).toList();
        assertThatThrownBy(() -> target.replay(log.entries(), REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 3").hasMessageContaining("Restore the log instead");

        RecoveryResult skipped = join(target.replay(named, onlyAdd, true));
        assertThat(skipped.applied()).isEqualTo(2);
        assertThat(skipped.skipped()).isEqualTo(1);
        assertThat(target.read()).containsEntry("count", 5).doesNotContainKey("tags");
    }

    @Test
    void aReplayIsAllOrNothing() throws Exception {
        InMemoryTransactionLog log = new InMemoryTransactionLog();
        history(log);
        List<TransactionLogEntry> named = log.entries().stream().filter(e -> e.transaction() != null).toList();
        NamedTransaction broken = (state, p) -> {
            throw new IllegalStateException("tag handler broke");
        };
        StableBuffer target = StableBuffer.create("orders", config(null).build());
        CompletableFuture<RecoveryResult> replay = target.replay(named,
                TransactionRegistry.of(Map.of("add", ADD, "tag", broken)));
        assertThatThrownBy(() -> join(replay)).hasMessageContaining("tag handler broke");
        assertThat(target.read()).isEqualTo(Map.of("count", 0, "old", "x"));
        assertThat(target.snapshot().sequence()).isZero();
    }

    @Test
    void aRegistryNameBelongsToOneTransaction() {
        assertThat(REGISTRY.with("tag", TAG)).isEqualTo(REGISTRY);
        assertThatThrownBy(() -> REGISTRY.with("tag", ADD)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tag' is already registered");
        assertThatThrownBy(() -> TransactionRegistry.of(Map.of(" ", ADD))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restoreRebuildsFromTheRecordedChangesWithoutAnyHandler() throws Exception {
        InMemoryTransactionLog log = new InMemoryTransactionLog();
        StableBuffer original = history(log);
        StableBuffer restored = StableBuffer.create("orders",
                BufferConfig.builder().initialState(Map.of("count", 0, "old", "x")).build());
        RecoveryResult result = join(restored.restore(log.entries()));
        assertThat(result.applied()).isEqualTo(4);
        assertThat(restored.read()).isEqualTo(original.read());
        assertThat(restored.snapshot().sequence()).isEqualTo(original.snapshot().sequence());
    }

    @Test
    void restoreTakesThisBuffersEntriesOnceAndRefusesTwoHistories() throws Exception {
        InMemoryTransactionLog log = new InMemoryTransactionLog();
        StableBuffer original = history(log);
        List<TransactionLogEntry> mixed = new ArrayList<>(log.entries());
        mixed.add(log.entries().get(0)); // the same entry twice
        TransactionLogEntry e = log.entries().get(1);
        mixed.add(new TransactionLogEntry("other-1", 1, e.time(), "customers", null, Map.of(), Map.of("count", 99), List.of()));
        StableBuffer restored = StableBuffer.create("orders",
                BufferConfig.builder().initialState(Map.of("count", 0, "old", "x")).build());
        RecoveryResult result = join(restored.restore(mixed));
        assertThat(result.skipped()).isEqualTo(2);
        assertThat(restored.read()).isEqualTo(original.read());

        mixed.add(new TransactionLogEntry("fork", 2, e.time(), "orders", null, Map.of(), Map.of("count", -1), List.of()));
        assertThatThrownBy(() -> restored.restore(mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two entries with sequence 2").hasMessageContaining("fork");
    }

    @Test
    void aBadLineIsReportedWithItsNumber() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "\n{\"id\":\"a\"}\n");
        assertThatThrownBy(() -> JsonLinesLog.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.jsonl line 2").hasMessageContaining("'change' is missing");
        assertThat(JsonLinesLog.parse("")).isEmpty();
        assertThat(JsonLinesLog.parse(JsonLinesLog.format(new TransactionLogEntry("i", 1, Instant.EPOCH, "b", "t",
                Map.of("p", 1), Map.of("k", List.of()), List.of("r"))))).singleElement().satisfies(entry -> {
                    assertThat(entry.removed()).containsExactly("r");
                    assertThat(entry.time()).isEqualTo(Instant.EPOCH);
                });
    }
}
