package io.camelstable.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Appends each entry as one line of JSON ({@link JsonLinesLog}) to a file, written to the operating system
 * before the change becomes visible, so a crash of the process never loses a change that someone has read.
 * With {@code forceToDisk} each line is also forced to the device (surviving a power cut, at the cost of a
 * disk sync per transaction). The file is opened on the first append and again after {@link #close()}.
 * Two sinks are equal when they write the same file the same way.
 */
public final class JsonLinesFileSink implements TransactionLogSink {

    private final Path file;
    private final boolean forceToDisk;
    private FileChannel channel;

    /**
     * @param file        the log file; created with its parent folders when missing, appended to otherwise
     * @param forceToDisk whether to force every line to the device
     */
    public JsonLinesFileSink(Path file, boolean forceToDisk) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.forceToDisk = forceToDisk;
    }

    /** @param file the log file, written to the operating system per entry (not forced to the device) */
    public JsonLinesFileSink(Path file) {
        this(file, false);
    }

    @Override
    public synchronized void append(TransactionLogEntry entry) throws IOException {
        // formatted first: a value JSON cannot hold fails the transaction without leaving half a line
        ByteBuffer line = ByteBuffer.wrap((JsonLinesLog.format(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        if (channel == null) {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        while (line.hasRemaining()) {
            channel.write(line);
        }
        if (forceToDisk) {
            channel.force(false);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** @return the log file */
    public Path getFile() {
        return file;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonLinesFileSink other && other.file.equals(file) && other.forceToDisk == forceToDisk;
    }

    @Override
    public int hashCode() {
        return file.hashCode() * 31 + Boolean.hashCode(forceToDisk);
    }

    @Override
    public String toString() {
        return "JsonLinesFileSink[" + file + (forceToDisk ? ", forced" : "") + "]";
    }
}
