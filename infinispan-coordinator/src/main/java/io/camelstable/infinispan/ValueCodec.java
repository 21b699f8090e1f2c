package io.camelstable.infinispan;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the values a clustered coordinator replicates (state values, message payloads): null, String, Boolean,
 * Integer, Long, Double, BigDecimal, byte[], and Lists and String-keyed Maps of these. Written by hand because
 * the two ready choices fail the contract: JSON turns {@code 41L} into a decimal, so an INCREMENT or a typed
 * read would see another type than was written; Java serialization would let a peer make this node load any
 * class. Anything else is refused at the call, naming its type, before it reaches the log.
 */
public final class ValueCodec {

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte TRUE = 2;
    private static final byte FALSE = 3;
    private static final byte INT = 4;
    private static final byte LONG = 5;
    private static final byte DOUBLE = 6;
    private static final byte DECIMAL = 7;
    private static final byte BYTES = 8;
    private static final byte LIST = 9;
    private static final byte MAP = 10;

    private ValueCodec() {
    }

    /**
     * @param  value a value of a supported type
     * @return       its bytes
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try {
            write(new DataOutputStream(bytes), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param  bytes what {@link #encode} wrote
     * @return       the value
     */
    public static Object decode(byte[] bytes) {
        try {
            return read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one value.
     *
     * @param  out         where to
     * @param  value       a value of a supported type
     * @throws IOException when the output fails
     */
    public static void write(DataOutput out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            writeString(out, d.toString());
        } else if (value instanceof byte[] bytes) {
            out.writeByte(BYTES);
            out.writeInt(bytes.length);
            out.write(bytes);
        } else if (value instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object item : list) {
                write(out, item);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw unsupported(e.getKey());
                }
                writeString(out, key);
                write(out, e.getValue());
            }
        } else {
            throw unsupported(value);
        }
    }

    /**
     * @param  in          where from
     * @return             one value written by {@link #write}
     * @throws IOException when the input fails or holds an unknown type
     */
    public static Object read(DataInput in) throws IOException {
        byte type = in.readByte();
        return switch (type) {
            case NULL -> null;
            case STRING -> readString(in);
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case DECIMAL -> new BigDecimal(readString(in));
            case BYTES -> {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                yield bytes;
            }
            case LIST -> {
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(read(in));
                }
                yield Collections.unmodifiableList(list);
            }
            case MAP -> {
                int size = in.readInt();
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
                for (int i = 0; i < size; i++) {
                    map.put(readString(in), read(in));
                }
                yield Collections.unmodifiableMap(map);
            }
            default -> throw new IOException("Unknown value type " + type + " in the coordination log");
        };
    }

    /** Checks that a value can be replicated, so a bad value fails at the call, not in the log. */
    public static void check(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof BigDecimal
                || value instanceof byte[]) {
            return;
        }
        if (value instanceof List<?> list) {
            list.forEach(ValueCodec::check);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (!(k instanceof String)) {
                    throw unsupported(k);
                }
                check(v);
            });
        } else {
            throw unsupported(value);
        }
    }

    /** Strings of any length (DataOutput.writeUTF stops at 64 KB). */
    public static void writeString(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static String readString(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void writeNullableString(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    public static String readNullableString(DataInput in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

    private static IllegalArgumentException unsupported(Object value) {
        return new IllegalArgumentException("A clustered coordinator replicates only null, String, Boolean, Integer, "
                + "Long, Double, BigDecimal, byte[], and Lists and String-keyed Maps of these; got "
                + (value == null ? "a null map key" : value.getClass().getName()));
    }
}
