package io.camelstable.buffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.camelstable.component.StableBufferEndpoint;
import io.camelstable.component.StableConstants;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code stable:buffer:<id>} on real routes: every operation, 1,000 concurrent exchanges, and bad options. */
class BufferRouteTest extends CamelTestSupport {

    static final NamedTransaction INCREMENT = (state, p) -> {
        int next = (Integer) state.getOrDefault("count", 0) + (Integer) p.getOrDefault("by", 1);
        state.put("count", next);
        return next;
    };

    final InMemoryTransactionLog counterLog = new InMemoryTransactionLog();
    final InMemoryTransactionLog notesLog = new InMemoryTransactionLog();
    final CountDownLatch release = new CountDownLatch(1);

    @TempDir
    Path dir;

    @AfterEach
    void releaseBlocked() {
        release.countDown();
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        BufferDefinition counter = new BufferDefinition();
        counter.setInitialState(Map.of("count", 0));
        counter.setTransactions(Map.of("increment", INCREMENT));
        counter.setLogSink(counterLog);
        registry.bind("counter", counter);
        BufferDefinition replica = new BufferDefinition();
        replica.setTransactions(Map.of("increment", INCREMENT));
        registry.bind("replica", replica);
        registry.bind("notes", StableBuffer.create("notes", BufferConfig.builder().logSink(notesLog).build()));
        registry.bind("appendNote", (BufferTransaction) (state, exchange) -> {
            @SuppressWarnings("unchecked")
            List<Object> notes = (List<Object>) state.computeIfAbsent("notes", k -> new ArrayList<>());
            notes.add(exchange.getMessage().getHeader("note"));
            return notes.size();
        });
        registry.bind("double", (NamedTransaction) (state, p) -> state.put("count", (Integer) state.get("count") * 2));
        registry.bind("waitForTest", (BufferTransaction) (state, exchange) -> {
            release.await();
            return state.put("waited", true);
        });
        registry.bind("plain", new Object());
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:increment").to("stable:buffer:counter?operation=transaction&transaction=increment");
                from("direct:double").to("stable:buffer:counter?operation=transaction&transaction=#double");
                from("direct:read").to("stable:buffer:counter?operation=read");
                from("direct:snapshot").to("stable:buffer:counter?operation=SNAPSHOT");
                from("direct:note").to("stable:buffer:notes?operation=transaction&transaction=#appendNote");
                from("direct:replay").to("stable:buffer:replica?operation=replay");
            }
        };
    }

    @Test
    void aThousandConcurrentExchangesIncrementExactlyOnceEach() throws Exception {
        List<CompletableFuture<Object>> replies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            replies.add(template.asyncRequestBody("direct:increment", Map.of("by", 1)));
        }
        Set<Integer> counts = new TreeSet<>();
        for (CompletableFuture<Object> reply : replies) {
            counts.add((Integer) reply.get(60, TimeUnit.SECONDS));
        }
        assertThat(counts).hasSize(1000).startsWith(1).endsWith(1000);
        assertThat(state("direct:read")).isEqualTo(Map.of("count", 1000));
        assertThat(counterLog.entries()).hasSize(1000).allSatisfy(e -> {
            assertThat(e.transaction()).isEqualTo("increment");
            assertThat(e.parameters()).isEqualTo(Map.of("by", 1));
        });
    }

    @Test
    void aQueuedTransactionDoesNotHoldTheCallersThread() throws Exception {
        AsyncProcessor slow = producer("stable:buffer:slow?operation=transaction&transaction=#waitForTest");
        AsyncProcessor note = producer("stable:buffer:slow?operation=transaction&transaction=#appendNote");
        CountDownLatch done = new CountDownLatch(2);
        Exchange first = new DefaultExchange(context);
        Exchange second = new DefaultExchange(context);
        second.getMessage().setHeader("note", "after");

        // both calls return at once on this thread, one running and one queued behind it
        assertThat(slow.process(first, sync -> done.countDown())).isFalse();
        assertThat(note.process(second, sync -> done.countDown())).isFalse();
        StableBuffer buffer = context.getEndpoint("stable:buffer:slow?operation=read", StableBufferEndpoint.class).getBuffer();
        assertThat(done.getCount()).isEqualTo(2);
        assertThat(buffer.read()).isEmpty();

        release.countDown();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.getException()).isNull();
        assertThat(second.getMessage().getBody()).isEqualTo(1);
        assertThat(buffer.read()).isEqualTo(Map.of("waited", true, "notes", List.of("after")));
    }

    private Map<?, ?> state(String uri) {
        return template.requestBody(uri, null, Map.class);
    }

    private AsyncProcessor producer(String uri) throws Exception {
        AsyncProcessor p = AsyncProcessorConverterHelper.convert(context.getEndpoint(uri).createProducer());
        ServiceHelper.startService(p);
        return p;
    }

    @Test
    void readAndSnapshotGiveTheImmutableCommittedState() {
        template.requestBody("direct:increment", Map.of("by", 2));
        template.requestBodyAndHeader("direct:increment", "ignored", StableConstants.BUFFER_PARAMETERS, Map.of("by", 5));
        @SuppressWarnings("unchecked")
        Map<String, Object> read = template.requestBody("direct:read", null, Map.class);
        assertThat(read).isEqualTo(Map.of("count", 7));
        assertThatThrownBy(() -> read.put("count", 0)).isInstanceOf(UnsupportedOperationException.class);

        BufferSnapshot snapshot = template.requestBody("direct:snapshot", null, BufferSnapshot.class);
        assertThat(snapshot.buffer()).isEqualTo("counter");
        assertThat(snapshot.sequence()).isEqualTo(2);
        assertThat(snapshot.state()).isEqualTo(read);
        assertThat(counterLog.entries().get(1).parameters()).isEqualTo(Map.of("by", 5));
    }

    @Test
    void beanTransactionsSeeTheExchangeOrTheirParameters() {
        assertThat(template.requestBodyAndHeader("direct:note", null, "note", "first")).isEqualTo(1);
        assertThat(template.requestBodyAndHeader("direct:note", null, "note", "second")).isEqualTo(2);
        template.requestBody("direct:increment", Map.of("by", 3));
        template.sendBody("direct:double", null);

        assertThat(context.getRegistry().lookupByNameAndType("notes", StableBuffer.class).read())
                .isEqualTo(Map.of("notes", List.of("first", "second")));
        // an exchange is never logged: the entry has the change only
        assertThat(notesLog.entries()).extracting(TransactionLogEntry::transaction).containsOnlyNulls();
        assertThat(notesLog.entries().get(1).parameters()).isEmpty();
        // a NamedTransaction bean is logged under its bean name
        assertThat(counterLog.entries()).extracting(TransactionLogEntry::transaction).containsExactly("increment", "double");
        assertThat(state("direct:read")).isEqualTo(Map.of("count", 6));
    }

    @Test
    void replayAndRestoreRebuildTheStateFromALog() throws Exception {
        template.requestBody("direct:increment", Map.of("by", 4));
        template.sendBody("direct:double", null);
        template.requestBody("direct:increment", Map.of("by", 1));
        Map<?, ?> expected = template.requestBody("direct:read", null, Map.class);

        // replay: the name registered with the replica and the #double bean run again
        RecoveryResult replayed = template.requestBody("direct:replay", counterLog.entries(), RecoveryResult.class);
        assertThat(replayed.applied()).isEqualTo(3);
        assertThat(state("stable:buffer:replica?operation=read")).isEqualTo(expected);

        // restore from a JSON Lines file: no transaction code needed
        Path file = dir.resolve("counter.jsonl");
        List<String> lines = new ArrayList<>();
        counterLog.entries().forEach(e -> lines.add(JsonLinesLog.format(e)));
        Files.write(file, lines);
        RecoveryResult restored = template.requestBody("stable:buffer:copy?operation=restore&replayFile=" + file, null,
                RecoveryResult.class);
        assertThat(restored.applied()).isEqualTo(3);
        assertThat(state("stable:buffer:copy?operation=read")).isEqualTo(expected);

        // JSON Lines text as the body works too
        template.requestBody("stable:buffer:textCopy?operation=restore", String.join("\n", lines));
        assertThat(template.requestBody("stable:buffer:textCopy?operation=snapshot", null, BufferSnapshot.class).sequence())
                .isEqualTo(3);
    }

    @Test
    void aReplayOfUnnamedEntriesFailsTheExchangeUnlessSkipped() {
        template.requestBodyAndHeader("direct:note", null, "note", "n");
        Exchange failed = template.request("stable:buffer:strict?operation=replay",
                e -> e.getMessage().setBody(notesLog.entries()));
        assertThat(failed.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot replay entry 1").hasMessageContaining("'strict'");
        RecoveryResult skipped = template.requestBody("stable:buffer:lenient?operation=replay&skipUnknownTransactions=true",
                notesLog.entries(), RecoveryResult.class);
        assertThat(skipped.skipped()).isEqualTo(1);
        assertThat(skipped.applied()).isZero();
    }

    @Test
    void theEndpointSharesTheBufferOfItsName() {
        StableBufferEndpoint a = context.getEndpoint("stable:buffer:counter?operation=read", StableBufferEndpoint.class);
        StableBufferEndpoint b = context.getEndpoint("stable:buffer:counter?operation=snapshot", StableBufferEndpoint.class);
        assertThat(a.getBuffer()).isSameAs(b.getBuffer());
        assertThat(a.getBuffer().getConfig().initialState()).isEqualTo(Map.of("count", 0));
        StableBufferEndpoint fresh = context.getEndpoint("stable:buffer:brandNew?operation=read", StableBufferEndpoint.class);
        assertThat(fresh.getBuffer().read()).isEmpty();
        Map<String, Object> initial = new LinkedHashMap<>(fresh.getBuffer().getConfig().initialState());
        assertThat(initial).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDevConsoleListsBuffers() {
        template.requestBody("direct:increment", Map.of("by", 1));
        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("stable");
        assertThat((String) console.call(DevConsole.MediaType.TEXT))
                .contains("Buffer counter: sequence 1, 1 committed, 0 failed, 0 timed out, 0 waiting now");
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        assertThat((List<Map<String, Object>>) json.get("buffers")).anySatisfy(b -> {
            assertThat(b).containsEntry("name", "counter").containsEntry("committed", 1L);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "stable:buffer:counter?operation=bogus                                | 'operation': bogus. Allowed: transaction, read, snapshot, replay or restore",
            "stable:buffer:counter                                                | 'operation': null. Allowed: transaction, read",
            "stable:buffer:counter?operation=transaction                          | 'transaction': null. Allowed: a #bean",
            "stable:buffer:counter?operation=transaction&transaction=nope         | 'transaction': nope. Allowed: a #bean implementing BufferTransaction or NamedTransaction, or a transaction registered with buffer 'counter': [increment]",
            "stable:buffer:counter?operation=transaction&transaction=#plain       | 'transaction': #plain",
            "stable:buffer:counter?operation=read&transaction=increment           | 'transaction': increment. Allowed: only with operation=transaction",
            "stable:buffer:counter?operation=read&replayFile=x.jsonl              | 'replayFile': x.jsonl. Allowed: only with operation=replay or restore",
            "stable:buffer:counter?operation=read&attempts=3                      | 'attempts': 3. Allowed: no such option for stable:buffer",
            "stable:buffer:counter?operation=replay&skipUnknownTransactions=maybe | 'skipUnknownTransactions': maybe. Allowed: true or false",
            "stable:buffer:plain?operation=read                                   | 'target': plain. Allowed: the name of a StableBuffer or BufferDefinition bean",
    })
    void badOptionsFailAtEndpointCreation(String uri, String message) {
        assertThatThrownBy(() -> context.getEndpoint(uri)).isInstanceOf(ResolveEndpointFailedException.class)
                .hasStackTraceContaining(message);
    }
}
