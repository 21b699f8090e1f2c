package io.camelstable.buffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.Jsoner;

/**
 * The JSON Lines form of a transaction log: one JSON object per line,
 * <pre>
 * {"id":"…","sequence":3,"time":"2025-01-01T10:00:00.123Z","buffer":"orders","transaction":"increment",
 *  "parameters":{"by":1},"change":{"set":{"count":3},"removed":[]}}
 * </pre>
 * (on one line). Values may be strings, numbers, booleans, null, maps with string keys, lists and sets; writing
 * anything else fails, naming where it sits, rather than logging a text that cannot be read back. Read back,
 * whole numbers become {@code Integer} ({@code Long}, {@code BigInteger} when larger), other numbers
 * {@code Double}, sets lists, and maps keep their key order.
 * <p>
 * It uses Camel's own JSON reader and writer ({@code camel-util-json}, already on the classpath through
 * camel-support) rather than adding a JSON library to the component.
 */
public final class JsonLinesLog {

    private static final String ALLOWED = "strings, numbers, booleans, null, maps with string keys, lists and sets";

    private JsonLinesLog() {
    }

    /**
     * @param  entry                    a committed transaction
     * @return                          its JSON object on one line, without the line break
     * @throws IllegalArgumentException when a parameter or value cannot be written as JSON
     */
    public static String format(TransactionLogEntry entry) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("set", toJson(entry.set(), "change.set"));
        change.put("removed", entry.removed());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("sequence", entry.sequence());
        json.put("time", entry.time().toString());
        json.put("buffer", entry.buffer());
        json.put("transaction", entry.transaction());
        json.put("parameters", toJson(entry.parameters(), "parameters"));
        json.put("change", change);
        return Jsoner.serialize(json);
    }

    /**
     * @param  file                     a JSON Lines log
     * @return                          its entries in file order (blank lines are skipped)
     * @throws UncheckedIOException     when the file cannot be read
     * @throws IllegalArgumentException naming the file and line of an entry that is not valid
     */
    public static List<TransactionLogEntry> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the transaction log " + file, e);
        }
    }

    /**
     * @param  text                     JSON Lines
     * @return                          their entries in order
     * @throws IllegalArgumentException naming the line of an entry that is not valid
     */
    public static List<TransactionLogEntry> parse(String text) {
        try {
            return read(new StringReader(text), "text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param  json                     a JSON object
     * @return                          it as a map, with numbers as a log reads them back
     * @throws IllegalArgumentException when it is no JSON object
     */
    static Map<String, Object> parseObject(String json) {
        try {
            return map(Jsoner.deserialize(json), "state");
        } catch (DeserializationException | RuntimeException e) {
            throw new IllegalArgumentException("Not a JSON object: " + e.getMessage(), e);
        }
    }

    private static List<TransactionLogEntry> read(Reader reader, String source) throws IOException {
        BufferedReader lines = new BufferedReader(reader);
        List<TransactionLogEntry> entries = new ArrayList<>();
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (!line.isBlank()) {
                entries.add(parseLine(line, source + " line " + number));
            }
        }
        return entries;
    }

    private static TransactionLogEntry parseLine(String line, String where) {
        try {
            if (!(Jsoner.deserialize(line) instanceof Map<?, ?> json)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> change = map(json.get("change"), "change");
            List<String> removed = new ArrayList<>();
            for (Object key : list(change.get("removed"), "change.removed")) {
                removed.add(text(key, "change.removed"));
            }
            return new TransactionLogEntry(text(json.get("id"), "id"),
                    ((BigDecimal) required(json.get("sequence"), "sequence")).longValueExact(),
                    Instant.parse(text(json.get("time"), "time")), text(json.get("buffer"), "buffer"),
                    json.get("transaction") == null ? null : text(json.get("transaction"), "transaction"),
                    map(json.get("parameters"), "parameters"), map(change.get("set"), "change.set"), removed);
        } catch (DeserializationException | RuntimeException e) {
            throw new IllegalArgumentException("Invalid transaction log entry at " + where + ": " + e.getMessage(), e);
        }
    }

    private static Object required(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static String text(Object value, String field) {
        if (!(required(value, field) instanceof String s)) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String field) {
        if (!(required(value, field) instanceof Map)) {
            throw new IllegalArgumentException("'" + field + "' is not an object");
        }
        return (Map<String, Object>) fromJson(value);
    }

    private static List<?> list(Object value, String field) {
        if (!(required(value, field) instanceof List<?> l)) {
            throw new IllegalArgumentException("'" + field + "' is not an array");
        }
        return l;
    }

    /** Makes a value writable, failing for one that would not come back as it was. */
    private static Object toJson(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte || value instanceof BigInteger
                || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("The value at '" + path + "' is " + d + ", which JSON cannot hold");
            }
            // a fraction digit always, so it reads back as a Double and not as a whole number (1.2345678E7)
            BigDecimal decimal = new BigDecimal(value.toString());
            return decimal.scale() > 0 ? decimal : decimal.setScale(1);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException("The map at '" + path + "' has a key that is not a string: " + k);
                }
                out.put(key, toJson(v, path + "." + key));
            });
            return out;
        }
        if (value instanceof Collection<?> values) {
            List<Object> out = new ArrayList<>(values.size());
            values.forEach(v -> out.add(toJson(v, path + "[" + out.size() + "]")));
            return out;
        }
        throw new IllegalArgumentException("The value at '" + path + "' is a " + value.getClass().getName()
                                           + "; a JSON Lines transaction log holds " + ALLOWED);
    }

    private static Object fromJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, fromJson(v)));
            return out;
        }
        if (value instanceof List<?> values) {
            List<Object> out = new ArrayList<>(values.size());
            values.forEach(v -> out.add(fromJson(v)));
            return out;
        }
        if (value instanceof BigDecimal decimal) {
            if (decimal.scale() > 0) {
                return decimal.doubleValue();
            }
            BigInteger whole = decimal.toBigIntegerExact();
            return whole.bitLength() < 32 ? (Object) whole.intValue()
                    : whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
        }
        return value;
    }
}
