package fsscan.bench;

import fsscan.gen.ScanGenerator;
import fsscan.scan.ChunkParser;
import fsscan.scan.ParsedChunk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Generated input for the micro-benchmarks: whole-line chunks of a synthetic scan. */
final class BenchData {

    static final int CHUNK = 4 << 20;
    /** Histogram buckets for the generator's scan date, as an import of its scans uses them. */
    static final fsscan.scan.Buckets BUCKETS = fsscan.scan.Buckets.forScanDate(java.time.LocalDate.of(2026, 1, 11));

    private BenchData() {
    }

    /** {@code lines} data lines (plus the generator's 4 header lines) cut into newline-aligned chunks. */
    static List<byte[]> chunks(long lines) {
        return chunks(lines, ScanGenerator.Order.WINDOW);
    }

    /** The same in another order of lines ({@code bin/fsscan generate --order}). */
    static List<byte[]> chunks(long lines, ScanGenerator.Order order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new ScanGenerator(1, lines, 0, "/gpfs/bench").order(order).write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = out.toByteArray();
        List<byte[]> chunks = new ArrayList<>();
        int pos = 0;
        while (pos < all.length) {
            int end = Math.min(all.length, pos + CHUNK);
            while (end < all.length && all[end - 1] != '\n') {
                end--;
            }
            chunks.add(Arrays.copyOfRange(all, pos, end));
            pos = end;
        }
        return chunks;
    }

    /**
     * A scan of {@code lines} data lines, parsed chunk by chunk as it is generated: a 10M-line scan
     * (2.5 GB) never exists as a whole, only its parsed chunks (a few hundred MB).
     */
    static List<ParsedChunk> parsed(long lines) {
        return parsed(lines, ScanGenerator.Order.WINDOW);
    }

    /** The same in another order of lines ({@code bin/fsscan generate --order}). */
    static List<ParsedChunk> parsed(long lines, ScanGenerator.Order order) {
        ChunkParser parser = new ChunkParser(false, fsscan.scan.LineParser.Format.AUTO, BUCKETS, null);
        List<ParsedChunk> out = new ArrayList<>();
        OutputStream chunker = new OutputStream() {
            private final byte[] buf = new byte[CHUNK];
            private int used;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                while (len > 0) {
                    int n = Math.min(len, buf.length - used);
                    System.arraycopy(b, off, buf, used, n);
                    used += n;
                    off += n;
                    len -= n;
                    if (used == buf.length) {
                        int end = used;
                        while (buf[end - 1] != '\n') {
                            end--;
                        }
                        out.add(parser.parse(out.size(), buf, end));
                        System.arraycopy(buf, end, buf, 0, used - end);
                        used -= end;
                    }
                }
            }

            @Override
            public void close() {
                if (used > 0) {
                    out.add(parser.parse(out.size(), buf, used));
                }
            }
        };
        try (OutputStream os = chunker) {
            java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(os, 1 << 16);
            new ScanGenerator(1, lines, 0, "/gpfs/bench").order(order).write(buffered);
            buffered.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
