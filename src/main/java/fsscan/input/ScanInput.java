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
            try {
                total += Files.size(Path.of(s));
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
        try {
            InputStream raw = source.equals(STDIN) ? stdin : Files.newInputStream(Path.of(source));
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
                return new Opened(channel(in), "plain");
            }
            String label = FORMATS.get(format);
            if (label == null) {
                throw new IOException("compressed as " + format + ", which fsscan does not read (gzip, xz, zstd, bzip2 only)");
            }
            InputStream decompressed = new CompressorStreamFactory().createCompressorInputStream(format, in, true);
            return new Opened(channel(new BufferedInputStream(decompressed, 1 << 20)), label);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name(i) + ": " + e.getMessage(), e);
        }
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
