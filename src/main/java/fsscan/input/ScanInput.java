package fsscan.input;

import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The files of one scan (or standard input, "-"), read one after the other. Each is decompressed
 * on the fly when its first bytes say gzip, xz, zstd or bzip2 (never by its name, never to disk).
 * Raw bytes read are reported as they are read, so progress and ETA work on compressed input.
 */
public final class ScanInput {

    /** Standard input's name in the list of sources. */
    public static final String STDIN = "-";

    private static final Map<String, String> FORMATS = Map.of(
            CompressorStreamFactory.GZIP, "gzip", CompressorStreamFactory.XZ, "xz",
            CompressorStreamFactory.ZSTANDARD, "zstd", CompressorStreamFactory.BZIP2, "bzip2");

    private final List<String> sources;
    private final InputStream stdin;

    public ScanInput(List<String> sources, InputStream stdin) {
        this.sources = List.copyOf(sources);
        this.stdin = stdin;
    }

    public int size() {
        return sources.size();
    }

    public String name(int i) {
        return sources.get(i).equals(STDIN) ? "standard input" : sources.get(i);
    }

    /** Total raw bytes, or -1 when a source has no known size (standard input). */
    public long totalBytes() {
        long total = 0;
        for (String s : sources) {
            if (s.equals(STDIN)) {
                return -1;
            }
            Path file = Path.of(s);
            if (!Files.isRegularFile(file)) {
                return -1; // a named pipe, /dev/stdin, a process substitution: read like standard input
            }
            try {
                total += Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    /** An opened source: its bytes (decompressed) and what it was compressed with ("plain" if not). */
    public record Opened(ReadableByteChannel channel, String compression) {
    }

    /**
     * Opens source {@code i}; {@code rawBytes} hears of every raw (compressed) byte read.
     *
     * @throws UncheckedIOException naming the source when it cannot be opened or its format read
     */
    public Opened open(int i, LongConsumer rawBytes) {
        String source = sources.get(i);
        // Known once the first bytes are read: a damaged stream then says what it was compressed with.
        String compression = "plain";
        try {
            InputStream raw = source.equals(STDIN) ? stdin : open(Path.of(source));
            InputStream counted = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        rawBytes.accept(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        rawBytes.accept(n);
                    }
                    return n;
                }
            };
            BufferedInputStream in = new BufferedInputStream(counted, 1 << 20);
            String format;
            try {
                format = CompressorStreamFactory.detect(in);
            } catch (CompressorException notCompressed) {
                return new Opened(channel(withoutByteOrderMark(in)), "plain");
            }
            String label = FORMATS.get(format);
            if (label == null) {
                throw new IOException("compressed as " + format + ", which fsscan does not read (gzip, xz, zstd, bzip2 only)");
            }
            compression = label;
            InputStream decompressed = new CompressorStreamFactory().createCompressorInputStream(format, in, true);
            return new Opened(channel(withoutByteOrderMark(new BufferedInputStream(decompressed, 1 << 20))), label);
        } catch (IOException e) {
            throw unreadable(name(i), compression, e);
        }
    }

    /**
     * The error for a source that could not be read, as a person reads it: what it was compressed
     * with and what may be wrong, and a reason even where the stream gave none (a stream that ends
     * early throws an {@link java.io.EOFException} without a message).
     */
    public static UncheckedIOException unreadable(String name, String compression, IOException e) {
        String what = compression.equals("plain") ? "" : " (" + compression + ": damaged or truncated?)";
        String reason = e.getMessage() != null ? e.getMessage()
                : e instanceof java.io.EOFException ? "unexpected end of data" : e.getClass().getSimpleName();
        return new UncheckedIOException("cannot read " + name + what + ": " + reason, e);
    }

    /**
     * A regular file through its channel; anything else (a named pipe, {@code /dev/stdin}, a process
     * substitution) as a stream, which never asks for a position or a size: those cannot seek.
     */
    private static InputStream open(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        try {
            return new java.io.FileInputStream(file.toFile());
        } catch (java.io.FileNotFoundException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** The stream without a UTF-8 byte-order mark at its very start (an editor's or a Windows tool's). */
    static BufferedInputStream withoutByteOrderMark(BufferedInputStream in) throws IOException {
        in.mark(BOM.length);
        byte[] head = in.readNBytes(BOM.length);
        if (!java.util.Arrays.equals(head, BOM)) {
            in.reset();
        }
        return in;
    }

    /**
     * A channel that reads straight into the caller's array, as much as it asks for in one call.
     * ({@code Channels.newChannel} copies through its own 8 KiB array: for an 8 MiB chunk, 1,024 calls
     * and a copy more; this was most of the reader's time.) A buffered stream hands a read this
     * large straight to the stream below it.
     */
    static ReadableByteChannel channel(InputStream in) {
        return new ReadableByteChannel() {
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (!dst.hasArray()) {
                    byte[] tmp = new byte[Math.min(dst.remaining(), 1 << 16)];
                    int n = in.read(tmp, 0, tmp.length);
                    if (n > 0) {
                        dst.put(tmp, 0, n);
                    }
                    return n;
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() throws IOException {
                open = false;
                in.close();
            }
        };
    }
}
