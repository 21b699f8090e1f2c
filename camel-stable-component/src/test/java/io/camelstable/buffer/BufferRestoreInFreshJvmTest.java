package io.camelstable.buffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A log written here restores the identical state in another JVM, with no transaction code there (SPEC §4.2 #25). */
class BufferRestoreInFreshJvmTest {

    @TempDir
    Path dir;

    @Test
    void aFreshJvmRestoresTheIdenticalStateFromTheJsonLinesFile() throws Exception {
        Path log = dir.resolve("orders.jsonl");
        StableBuffer buffer = StableBuffer.create("orders", BufferConfig.builder().initialState(BufferRestoreMain.INITIAL)
                .logSink(new JsonLinesFileSink(log)).transaction("add", BufferLogTest.ADD).build());
        for (int i = 1; i <= 20; i++) {
            buffer.transaction("add", Map.of("by", i));
        }
        buffer.transaction(state -> {
            state.remove("old");
            state.put("customer", Map.of("name", "Zoë \"Z\"", "vip", true, "limits", List.of(1.5, 5_000_000_000L)));
            state.put("note", null);
            return null;
        });
        buffer.transaction(state -> state.put("count", (Integer) state.get("count") * 2)).get(30, TimeUnit.SECONDS);
        buffer.close();
        Map<String, Object> expected = buffer.read();
        assertThat(expected).containsEntry("count", 420);

        Path out = dir.resolve("restored.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), BufferRestoreMain.class.getName(), log.toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        boolean ended = child.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).as("the child JVM ended in time").isTrue();
        assertThat(child.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();

        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(Jsoner.deserialize(lines.get(0))).isEqualTo(Jsoner.deserialize(Jsoner.serialize(expected)));
        assertThat(lines.get(1)).isEqualTo(Jsoner.serialize(BufferRestoreMain.types(expected)));
        assertThat(Long.parseLong(lines.get(2))).isEqualTo(buffer.snapshot().sequence()).isEqualTo(22);
    }
}
