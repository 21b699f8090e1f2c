package io.camelstable.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Bytes allocated per operation, by allocation site, from a JFR recording of a benchmark run with
 * {@code -XX:-UseTLAB} and {@code jfr/allocations.jfc} (so that every allocation is an event; see README.md).
 * An operation is counted each time an exchange is created by {@code DefaultExchange.newFromEndpoint} under
 * the given frame (for {@link StableFunctionOverhead}: {@code StableFunctionOverhead.call}).
 * <p>
 * Arguments: recording, thread-name part (e.g. {@code jmh-worker}), operation frame, stack depth shown
 * (default 3), smallest B/op listed (default 1).
 */
public final class AllocationSites {

    private AllocationSites() {
    }

    /**
     * @param  args        recording, thread-name part, operation frame, depth, smallest B/op
     * @throws IOException when the recording cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        String thread = args[1];
        String opFrame = args[2];
        int depth = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        double min = args.length > 4 ? Double.parseDouble(args[4]) : 1;
        Map<String, long[]> sites = new HashMap<>();
        long ops = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                RecordedThread t = e.getThread();
                RecordedStackTrace stack = e.getStackTrace();
                if (!e.getEventType().getName().equals("jdk.ObjectAllocationOutsideTLAB") || t == null
                        || t.getJavaName() == null || !t.getJavaName().contains(thread) || stack == null) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                if (isOperation(frames, opFrame)) {
                    ops++;
                }
                StringBuilder key = new StringBuilder(e.getClass("objectClass").getName()).append(" @ ");
                for (int i = 0; i < Math.min(depth, frames.size()); i++) {
                    key.append(i == 0 ? "" : " < ").append(name(frames.get(i))).append(':').append(frames.get(i).getLineNumber());
                }
                long[] v = sites.computeIfAbsent(key.toString(), k -> new long[2]);
                v[0]++;
                v[1] += e.getLong("allocationSize");
            }
        }
        if (ops == 0) {
            throw new IllegalArgumentException("No exchange created under " + opFrame + " in threads named *" + thread + "*");
        }
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(sites.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        double total = 0;
        System.out.printf(Locale.ROOT, "%d operations%n   B/op  objects/op  class @ site%n", ops);
        for (Map.Entry<String, long[]> s : sorted) {
            double bytes = (double) s.getValue()[1] / ops;
            total += bytes;
            if (bytes >= min) {
                System.out.printf(Locale.ROOT, "%7.1f  %10.2f  %s%n", bytes, (double) s.getValue()[0] / ops, s.getKey());
            }
        }
        System.out.printf(Locale.ROOT, "%7.1f  total (class loading and JIT during the run included)%n", total);
    }

    private static boolean isOperation(List<RecordedFrame> frames, String opFrame) {
        if (frames.isEmpty() || !name(frames.get(0)).equals("DefaultExchange.newFromEndpoint")) {
            return false;
        }
        return frames.stream().anyMatch(f -> name(f).equals(opFrame));
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }
}
