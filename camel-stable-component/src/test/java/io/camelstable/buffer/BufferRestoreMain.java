package io.camelstable.buffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.util.json.Jsoner;

/**
 * Run in a fresh JVM by {@link BufferRestoreInFreshJvmTest}: restores buffer {@code orders} from a JSON Lines log
 * and writes three lines to a file: its state as JSON, the type of each top-level value, and its sequence.
 */
public final class BufferRestoreMain {

    /** The state the buffer is declared with, in both JVMs. */
    static final Map<String, Object> INITIAL = Map.of("count", 0, "old", "x");

    private BufferRestoreMain() {
    }

    /** @param args the log file and the output file */
    public static void main(String[] args) throws Exception {
        StableBuffer buffer = StableBuffer.create("orders", BufferConfig.builder().initialState(INITIAL).build());
        buffer.restore(JsonLinesLog.read(Path.of(args[0]))).get(30, TimeUnit.SECONDS);
        Map<String, Object> state = buffer.read();
        Files.write(Path.of(args[1]), List.of(Jsoner.serialize(state), Jsoner.serialize(types(state)),
                String.valueOf(buffer.snapshot().sequence())), StandardCharsets.UTF_8);
    }

    /** @return the kind of each top-level value: map, list, or the simple class name */
    static Map<String, String> types(Map<String, Object> state) {
        Map<String, String> types = new LinkedHashMap<>();
        state.forEach((k, v) -> types.put(k, v instanceof Map ? "map" : v instanceof List ? "list"
                : v == null ? "null" : v.getClass().getSimpleName()));
        return types;
    }
}
