package io.camelstable.buffer;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A read-only {@code Map} over a buffer's last committed state: every call reads the latest snapshot, so it can
 * be handed once to code that expects a map (hooks' {@code commonBuffer}) and never queues. Changes go through
 * {@link StableBuffer#transaction}; trying to change the view says so.
 */
final class BufferView extends AbstractMap<String, Object> {

    private final StableBuffer buffer;

    BufferView(StableBuffer buffer) {
        this.buffer = buffer;
    }

    StableBuffer buffer() {
        return buffer;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return buffer.read().entrySet();
    }

    @Override
    public Object get(Object key) {
        return buffer.read().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return buffer.read().containsKey(key);
    }

    @Override
    public int size() {
        return buffer.read().size();
    }

    @Override
    public Object put(String key, Object value) {
        throw readOnly();
    }

    @Override
    public Object remove(Object key) {
        throw readOnly();
    }

    @Override
    public void putAll(Map<? extends String, ?> m) {
        throw readOnly();
    }

    @Override
    public void clear() {
        throw readOnly();
    }

    private UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("The view of StableBuffer '" + buffer.getName()
                                                 + "' is read-only: change the buffer with transaction(...)");
    }
}
