package io.camelstable.infinispan.raft;

import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.jgroups.util.ByteArrayDataOutputStream;

import io.camelstable.infinispan.ValueCodec;

/** Encodes a command for the log: its op, the proposer's time, then the op's fields. */
final class Commands {

    /** Writes the fields of one command. */
    @FunctionalInterface
    interface Body {
        void write(DataOutput out) throws IOException;
    }

    private Commands() {
    }

    static byte[] encode(Op op, long time, Body body) {
        ByteArrayDataOutputStream out = new ByteArrayDataOutputStream(64);
        try {
            out.writeByte(op.code());
            out.writeLong(time);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(out.buffer(), out.position());
    }

    /** @return a body of string fields */
    static Body strings(String... fields) {
        return out -> {
            for (String f : fields) {
                ValueCodec.writeString(out, f);
            }
        };
    }
}
