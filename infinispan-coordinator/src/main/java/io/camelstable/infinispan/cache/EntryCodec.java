package io.camelstable.infinispan.cache;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.camelstable.infinispan.ValueCodec;

/**
 * The String form of what the default mode stores in its caches: a list of fields written by {@link ValueCodec}
 * (so a Long stays a Long) and then Base64. Strings need no ProtoStream schema, and two encodings of one list
 * are equal Strings, which is what Infinispan's conditional {@code replace(key, old, new)} compares.
 */
final class EntryCodec {

    private EntryCodec() {
    }

    static String pack(Object... fields) {
        return Base64.getEncoder().encodeToString(ValueCodec.encode(Arrays.asList(fields)));
    }

    static List<?> unpack(String packed) {
        return (List<?>) ValueCodec.decode(Base64.getDecoder().decode(packed));
    }

    static long longAt(List<?> fields, int index) {
        return ((Number) fields.get(index)).longValue();
    }

    static String stringAt(List<?> fields, int index) {
        return (String) fields.get(index);
    }
}
