package fsscan.gen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic GPFS policy LIST file that looks like a real one, the same bytes for the same seed.
 *
 * <p>Each user or project tree under the file system root gets a share of the line budget
 * (heavy-tailed: a few trees hold most of the data); a directory spends part of its budget on
 * its own files (Pareto-distributed, so a few directories hold 100,000+ files) and splits the rest
 * among its subdirectories, down to a depth limit of 3 to 30 levels. Lines pass through a shuffle
 * window and get increasing inode numbers, so the file is in inode order and files often come
 * before their directory, as in a real scan.
 */
public final class ScanGenerator {

    /** How the lines are written; the same seed gives the same scan in every style. */
    public enum Style {
        /** mmapplypolicy LIST lines with the policy thread token. */
        GPFS,
        /** The same without the {@code <T>} token, as some sites' lists are. */
        GPFS_NO_THREAD,
        /** Paths percent-encoded, every byte outside a-zA-Z0-9-_.~/ (a policy with ESCAPE '%'). */
        GPFS_ESCAPED,
        /** {@code lfs find --printf "%LF s=%s b=%b u=%U g=%G p=%LP type=%y perm=%m a=%A@ m=%T@ c=%C@ -- %p\n"}. */
        LUSTRE
    }

    /**
     * The order of the lines: {@code WINDOW} shuffles them inside windows of 20,000 (a chunk touches
     * few directories, as in a young file system's inode order); {@code RANDOM} writes the same
     * lines in a uniformly random order (years of churn, lists merged from several nodes).
     */
    public enum Order {
        WINDOW, RANDOM;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What was written. */
    public record Stats(long lines, long files, long directories, long headers, long malformed) {
    }

    /** The day the synthetic scan was taken: access times are spread over the years before it. */
    public static final long SCAN_EPOCH = 1768089600L; // 2026-01-11 00:00:00
    private static final int WINDOW = 20_000;
    private static final long YEAR = 365L * 86400;
    private static final double BRANCHING = 16;

    private final SplittableRandom rnd;
    private final long seed;
    private final long targetLines;
    private final double dirtyRate;
    private final String root;
    private final Style style;
    private final List<byte[]> window = new ArrayList<>(WINDOW);
    private Order order = Order.WINDOW;
    /**
     * RANDOM: each line goes to a uniformly chosen bucket; buckets are shuffled and concatenated
     * at the end. The number of buckets follows from the lines asked for alone, so the scan is the
     * same wherever it is made; {@link #perFile} buckets side by side share a file, as few files
     * as this process may open (see {@link #filesToSpare}).
     */
    private int bucketCount;
    private int perFile;
    /** Tests: smaller buckets, and fewer files than this process could open (0: as many as it can). */
    long linesPerBucket = Long.getLong("fsscan.test.generate-lines-per-bucket", 200_000);
    int maxFiles;
    private java.nio.file.Path[] bucketFiles;
    /** RANDOM: where the bucket files go and how their names start (see {@link #bucketFiles}). */
    private java.nio.file.Path bucketDir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    private String bucketPrefix = "fsscan-generate-";
    private java.io.DataOutputStream[] buckets;
    private SplittableRandom orderRnd;
    private final StringBuilder sb = new StringBuilder(256);
    private OutputStream out;
    private long nextInode = 3;
    private long nextHardLinkInode = 3_000_000_000L;
    private long lines;
    private long files;
    private long directories;
    private long headers;
    private long malformed;
    private long nameCounter;

    public ScanGenerator(long seed, long targetLines, double dirtyRate, String root) {
        this(seed, targetLines, dirtyRate, root, Style.GPFS);
    }

    public ScanGenerator(long seed, long targetLines, double dirtyRate, String root, Style style) {
        this.seed = seed;
        this.style = style;
        this.rnd = new SplittableRandom(seed);
        this.targetLines = targetLines;
        this.dirtyRate = dirtyRate;
        this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
    }

    /** The same scan in another order of lines. */
    public ScanGenerator order(Order o) {
        this.order = o;
        return this;
    }

    /**
     * RANDOM: the bucket files, which hold the whole scan until it is written, are made in
     * {@code dir}, their names starting with {@code prefix} (default: java.io.tmpdir and
     * "fsscan-generate-"). Beside the output they need no room in a small /tmp.
     */
    public ScanGenerator bucketFiles(java.nio.file.Path dir, String prefix) {
        this.bucketDir = dir;
        this.bucketPrefix = prefix;
        return this;
    }

    /**
     * Writes the scan. In RANDOM order the lines pass through bucket files (see
     * {@link #bucketFiles}); each is removed once written out, and all are removed if the write
     * fails.
     */
    public Stats write(OutputStream os) throws IOException {
        Stats stats;
        try {
            stats = writeAll(os);
        } catch (IOException | RuntimeException | Error e) {
            try {
                removeBuckets();
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        removeBuckets();
        return stats;
    }

    private Stats writeAll(OutputStream os) throws IOException {
        this.out = os;
        if (order == Order.RANDOM) {
            orderRnd = new SplittableRandom(seed ^ 0x5DEECE66DL); // its own numbers: rnd draws as in WINDOW
            // A uniformly random bucket for each line, then a uniform shuffle of each bucket: a uniformly
            // random permutation of all lines, holding one file's buckets in memory at a time.
            bucketCount = (int) Math.max(1, Math.min(4096, targetLines / linesPerBucket));
            long files = maxFiles > 0 ? maxFiles : filesToSpare();
            perFile = (int) Math.max(1, (bucketCount + files - 1) / files);
            int n = (bucketCount + perFile - 1) / perFile;
            bucketFiles = new java.nio.file.Path[n];
            buckets = new java.io.DataOutputStream[n];
            for (int i = 0; i < n; i++) {
                bucketFiles[i] = java.nio.file.Files.createTempFile(bucketDir, bucketPrefix, ".bucket");
                buckets[i] = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                        java.nio.file.Files.newOutputStream(bucketFiles[i]), 1 << 16));
            }
        }
        header("[I] GPFS Current Data Pool Utilization in KB and %");
        header("[I] 4096 of 4194304 inodes used: 0.097656%.");
        header("[I] Loaded policy rules from /var/mmfs/tmp/list.policy.");
        long budget = targetLines - 1;
        directory(pathBytes(root), 0);
        int users = (int) Math.max(1, Math.min(2000, 3 + Math.sqrt(budget) / 30));
        long[] shares = split(budget, users, 1.0);
        for (int u = 0; u < users && budget > 0; u++) {
            long share = Math.min(shares[u], budget);
            if (share <= 0) {
                continue;
            }
            budget -= share;
            boolean project = rnd.nextInt(4) == 0;
            String name = project ? String.format("proj%03d", u) : String.format("user%03d", u);
            boolean shared = project ? rnd.nextInt(3) == 0 : rnd.nextInt(20) == 0;
            Owner owner = new Owner(10000 + u, project ? 5000 + u : 1000 + u % 17, shared);
            int maxDepth = deepestLevel();
            tree(pathBytes(root + "/" + name), 1, maxDepth, share, owner);
        }
        flush(true);
        header("[I] 2026-01-11@00:10:00.000 Policy execution. 0 files dispatched.");
        if (order == Order.RANDOM) {
            String release = System.getProperty("fsscan.test.generate-hold-before-buckets");
            if (release != null) {
                fsscan.util.TestHooks.hold("buckets filled, holding", release);
            }
            writeBuckets();
        }
        return new Stats(lines, files, directories, headers, malformed);
    }

    private record Owner(long uid, long gid, boolean shared) {
    }

    private int deepestLevel() {
        double r = rnd.nextDouble();
        if (r < 0.1) {
            return 3 + rnd.nextInt(3);
        }
        if (r < 0.9) {
            return 6 + rnd.nextInt(8);
        }
        return 14 + rnd.nextInt(17);
    }

    /** A directory with {@code budget} lines for itself and everything below it. */
    private void tree(byte[] path, int level, int maxDepth, long budget, Owner owner) throws IOException {
        // Explicit stack: trees can be 30 levels deep and budgets large.
        record Todo(byte[] path, int level, long budget) {
        }
        List<Todo> stack = new ArrayList<>();
        stack.add(new Todo(path, level, budget));
        while (!stack.isEmpty()) {
            Todo t = stack.remove(stack.size() - 1);
            directory(t.path(), t.level());
            long left = t.budget() - 1;
            long fileCount = Math.min(left, paretoFiles());
            if (t.budget() > 250_000 && rnd.nextInt(4) == 0) {
                // Now and then a huge flat directory (100,000+ files), as real scratch areas have.
                fileCount = (long) (left * (0.3 + 0.2 * rnd.nextDouble()));
            }
            int depthLeft = maxDepth - t.level();
            if (depthLeft <= 0) {
                fileCount = left;
            }
            left -= fileCount;
            // In a shared tree, one directory in ten holds files of other users too.
            boolean mixed = owner.shared() && rnd.nextInt(10) == 0;
            for (long f = 0; f < fileCount; f++) {
                file(t.path(), owner, mixed);
            }
            if (left <= 0) {
                continue;
            }
            // Wide where much is left (about 12 lines per directory overall), chains now and then.
            double wide = Math.min(BRANCHING, Math.max(1, left / 100.0));
            int children = rnd.nextInt(10) < 2 ? 1 : 1 + (int) (-Math.log(1 - rnd.nextDouble()) * wide);
            children = (int) Math.max(1, Math.min(children, left));
            long[] shares = split(left, children, 1.5);
            for (int c = 0; c < children; c++) {
                if (shares[c] > 0) {
                    stack.add(new Todo(child(t.path(), true), t.level() + 1, shares[c]));
                }
            }
        }
    }

    /** Files in one directory: Pareto with alpha 1.1, about 10 on average, a few in the 100,000s. */
    private long paretoFiles() {
        double u = 1 - rnd.nextDouble();
        return Math.min(5_000_000L, (long) (1.0 / Math.pow(u, 1 / 1.1)) - 1);
    }

    private double gaussian() {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** {@code total} split into {@code parts} heavy-tailed shares that add up exactly. */
    private long[] split(long total, int parts, double skew) {
        double[] w = new double[parts];
        double sum = 0;
        for (int i = 0; i < parts; i++) {
            w[i] = Math.pow(-Math.log(1 - rnd.nextDouble()), 1 + skew);
            sum += w[i];
        }
        long[] out = new long[parts];
        long given = 0;
        for (int i = 0; i < parts; i++) {
            out[i] = (long) (total * (w[i] / sum));
            given += out[i];
        }
        for (long i = 0; given < total; i++, given++) {
            out[(int) (i % parts)]++;
        }
        return out;
    }

    private byte[] child(byte[] parent, boolean isDirectory) {
        long n = nameCounter++;
        int kind = rnd.nextInt(1000);
        String base;
        if (isDirectory) {
            base = kind < 5 ? "run " + n : kind < 8 ? "a -- b" + n : kind < 10 ? "x=" + n : kind < 12 ? "100%_" + n
                    : (kind & 1) == 0 ? "run_" + n : "d" + n;
        } else {
            base = kind < 5 ? "out file " + n + ".nc" : kind < 7 ? "f -- " + n : kind < 9 ? "k=v" + n
                    : kind < 11 ? "50%done" + n : "f" + n + (kind % 3 == 0 ? ".nc" : kind % 3 == 1 ? ".dat" : ".h5");
        }
        byte[] name = base.getBytes(StandardCharsets.UTF_8);
        if (kind >= 995) {
            // A Latin-1 name on a UTF-8 system: not valid UTF-8.
            name = concat(name, new byte[] {(byte) 0xE9, (byte) (kind == 999 ? 0xFF : 't')});
        }
        byte[] p = new byte[parent.length + 1 + name.length];
        System.arraycopy(parent, 0, p, 0, parent.length);
        p[parent.length] = '/';
        System.arraycopy(name, 0, p, parent.length + 1, name.length);
        return p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] pathBytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void directory(byte[] path, int level) throws IOException {
        long atime = SCAN_EPOCH - (long) (rnd.nextDouble() * 3 * YEAR);
        line(-1, path, 4096, 4, 0, 0, "drwxr-xr-x", atime, 2);
    }

    private void file(byte[] dir, Owner owner, boolean mixed) throws IOException {
        long uid = owner.uid();
        long gid = owner.gid();
        if (mixed && rnd.nextInt(3) == 0) {
            uid = 10000 + rnd.nextInt(40);
            gid = 5000 + rnd.nextInt(3);
        }
        long size = fileSize();
        long allocKiB = allocatedKiB(size);
        boolean symlink = rnd.nextInt(50) == 0;
        String mode = symlink ? "lrwxrwxrwx" : rnd.nextInt(10) == 0 ? "-rwxr-x---" : "-rw-r--r--";
        if (symlink) {
            size = 20 + rnd.nextInt(60);
            allocKiB = 0;
        }
        long atime = accessTime();
        byte[] path = child(dir, false);
        boolean hardLink = !symlink && rnd.nextInt(200) == 0;
        if (!hardLink) {
            line(-1, path, size, allocKiB, uid, gid, mode, atime, 1);
            return;
        }
        // The same inode under a second name: listed, and counted, once per path (du -l).
        long inode = nextHardLinkInode++;
        line(inode, path, size, allocKiB, uid, gid, mode, atime, 2);
        if (lines < targetLines) {
            line(inode, child(dir, false), size, allocKiB, uid, gid, mode, atime, 2);
        }
    }

    private long fileSize() {
        double r = rnd.nextDouble();
        if (r < 0.05) {
            return 0;
        }
        if (r < 0.35) {
            return 1 + rnd.nextInt(4096);
        }
        // Log-normal: median 64 KiB, mean about 6 MiB, a rare file in the terabytes.
        double v = Math.exp(Math.log(65536) + 3 * gaussian());
        return (long) Math.max(4097, Math.min(v, 4.0 * (1L << 40)));
    }

    private long allocatedKiB(long size) {
        if (size <= 3800 && rnd.nextInt(3) > 0) {
            return 0; // data kept in the inode
        }
        long kib = (size + 1023) / 1024;
        long block = size < (1 << 20) ? 8 : 1024;
        kib = (kib + block - 1) / block * block;
        if (size > (1L << 30) && rnd.nextInt(20) == 0) {
            kib /= 3; // sparse
        }
        return kib;
    }

    private long accessTime() {
        double r = rnd.nextDouble();
        if (r < 0.02) {
            return SCAN_EPOCH + rnd.nextInt(3600); // touched while the scan ran
        }
        double years = -Math.log(1 - rnd.nextDouble()) * 1.5;
        return SCAN_EPOCH - (long) (Math.min(years, 12) * YEAR) - rnd.nextInt(86400);
    }

    /** One data line; {@code inode} -1 means "the next number in output order". */
    private void line(long inode, byte[] path, long size, long allocKiB, long uid, long gid, String mode,
                      long atime, int links) throws IOException {
        if (lines >= targetLines) {
            return;
        }
        if (dirtyRate > 0 && rnd.nextDouble() < dirtyRate) {
            emit(malformedLine());
            malformed++;
        }
        sb.setLength(0);
        // Random draws first, in the same order for every style, so every style lists the same scan.
        int thread = rnd.nextInt(16);
        int generation = 1000000 + rnd.nextInt(1 << 30);
        boolean fraction = rnd.nextInt(100) == 0;
        int fractionDigits = fraction ? 100_000 + rnd.nextInt(900_000) : 0;
        long mtime = atime - rnd.nextInt(1 << 20);
        long ctime = mtime - rnd.nextInt(1 << 16);
        // Inode numbers are given at flush, in output order ("#"); hard links carry the one they share.
        String ino = inode < 0 ? "#" : Long.toString(inode);
        if (style == Style.LUSTRE) {
            char type = mode.charAt(0) == 'd' ? 'd' : mode.charAt(0) == 'l' ? 'l' : 'f';
            boolean inInode = allocKiB == 0 && size <= 4096;
            sb.append("0x").append(ino).append(":0x").append(Integer.toHexString(generation & 0xFFFF)).append(":0x0")
                    .append(" s=").append(size).append(" b=").append(inInode ? 0 : allocKiB * 2)
                    .append(" u=").append(uid).append(" g=").append(gid).append(" p=0x200000007:0x1:0x0 type=").append(type)
                    .append(" perm=").append(type == 'd' ? "0755" : type == 'l' ? "0777" : "0644")
                    .append(" a=").append(atime).append(" m=").append(mtime).append(" c=").append(ctime).append(" -- ");
        } else {
            if (style != Style.GPFS_NO_THREAD) {
                sb.append("<").append(thread).append("> ");
            }
            sb.append(ino).append(' ').append(generation).append(" 0  s=").append(size)
                    .append(" a=").append(allocKiB).append(" u=").append(uid).append(" g=").append(gid)
                    .append(" m=FAu p=").append(mode).append(" ac=");
            time(sb, atime);
            if (fraction) {
                sb.append('.').append(fractionDigits);
            }
            sb.append(" mt=");
            time(sb, mtime);
            sb.append(" cr=");
            time(sb, ctime);
            sb.append(" nl=").append(links).append(" -- ");
        }
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] p = style == Style.GPFS_ESCAPED ? percentEncode(path) : path;
        byte[] line = new byte[head.length + p.length + 1];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(p, 0, line, head.length, p.length);
        line[line.length - 1] = '\n';
        emit(line);
        lines++;
        if (mode.charAt(0) == 'd') {
            directories++;
        } else {
            files++;
        }
    }

    /** ESCAPE '%': every byte outside a-zA-Z0-9-_.~/ as %XX. */
    static byte[] percentEncode(byte[] path) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(path.length * 2);
        for (byte b : path) {
            int c = b & 0xFF;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
            if (plain) {
                out.write(c);
            } else {
                out.write('%');
                out.write("0123456789ABCDEF".charAt(c >>> 4));
                out.write("0123456789ABCDEF".charAt(c & 0xF));
            }
        }
        return out.toByteArray();
    }

    private byte[] malformedLine() {
        int kind = rnd.nextInt(7);
        String s;
        switch (kind) {
            case 0:
                s = "<1> 12345 67890 0  a=8 u=100 g=100 p=-rw-r--r-- -- /no/size/field";
                break;
            case 1:
                s = "<1> 12345 67890 0  s=12x a=8 u=100 g=100 p=-rw-r--r-- -- /bad/number";
                break;
            case 2:
                s = "<1> 12345 67890 0  s=99999999999999999999 a=8 u=1 g=1 p=-rw-r--r-- -- /overflow";
                break;
            case 3:
                s = "<1> 12345 67890 0  s=10 a=8 u=100 g=100 p=-rw-r--r-- /no/separator";
                break;
            case 4:
                s = "<1> 12345 67890 0  s=10 a=8 u=1";
                break;
            case 5:
                byte[] junk = new byte[40];
                for (int i = 0; i < junk.length; i++) {
                    int b = rnd.nextInt(256);
                    junk[i] = (byte) (b == '\n' || b == '\r' ? 'x' : b == '[' || b == '#' ? 'y' : b);
                }
                junk[0] = 'z';
                junk[junk.length - 1] = '\n';
                return junk;
            default:
                s = "<1> 12345 \0\0\0 0  s=10 u=1 p=- -- /nul";
                break;
        }
        return (s + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Appends "YYYY-MM-DD HH:MM:SS" of a naive epoch second (no java.time or format: hot path). */
    private static void time(StringBuilder sb, long epoch) {
        long days = Math.floorDiv(epoch, 86400);
        long secs = Math.floorMod(epoch, 86400);
        // Civil date from days (H. Hinnant's algorithm).
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        sb.append(year).append('-');
        two(sb, month);
        sb.append('-');
        two(sb, day);
        sb.append(' ');
        two(sb, secs / 3600);
        sb.append(':');
        two(sb, secs / 60 % 60);
        sb.append(':');
        two(sb, secs % 60);
    }

    private static void two(StringBuilder sb, long v) {
        sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private void header(String text) throws IOException {
        flush(true);
        String line = style == Style.LUSTRE ? "# " + text.substring(4) : text;
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        headers++;
    }

    private void emit(byte[] line) throws IOException {
        window.add(line);
        if (window.size() >= WINDOW) {
            flush(false);
        }
    }

    /**
     * RANDOM: every bucket in turn, shuffled and written, and its file removed at once: the disk
     * then holds the scan about once, not twice, at the end.
     */
    private void writeBuckets() throws IOException {
        for (int f = 0; f < buckets.length; f++) {
            buckets[f].close();
            int first = f * perFile;
            List<List<byte[]>> lines = new ArrayList<>();
            for (int b = first; b < Math.min(bucketCount, first + perFile); b++) {
                lines.add(new ArrayList<>());
            }
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                    java.nio.file.Files.newInputStream(bucketFiles[f]), 1 << 16))) {
                while (true) {
                    int bucket;
                    try {
                        bucket = in.readUnsignedShort();
                    } catch (java.io.EOFException end) {
                        break;
                    }
                    lines.get(bucket).add(in.readNBytes(in.readInt()));
                }
            }
            for (List<byte[]> bucket : lines) {
                for (int i = bucket.size() - 1; i > 0; i--) {
                    int j = orderRnd.nextInt(i + 1);
                    byte[] t = bucket.get(i);
                    bucket.set(i, bucket.get(j));
                    bucket.set(j, t);
                }
                for (byte[] line : bucket) {
                    out.write(line);
                }
                bucket.clear();
            }
            java.nio.file.Files.delete(bucketFiles[f]);
        }
    }

    /**
     * Files this process may still open, less a margin for the JVM's own (its jars, the output):
     * a hard limit of 4,096 (common) would otherwise stop a billion-line scan's 4,096 buckets.
     */
    private static long filesToSpare() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            long open = unix.getOpenFileDescriptorCount();
            if (max > 0 && open >= 0) {
                return Math.max(1, max - open - 32);
            }
        }
        return 4096;
    }

    /** RANDOM: the bucket files left (all of them if the write failed), closed and removed. */
    private void removeBuckets() throws IOException {
        if (bucketFiles == null) {
            return;
        }
        IOException first = null;
        for (int b = 0; b < bucketFiles.length; b++) {
            try {
                if (buckets != null && buckets[b] != null) {
                    buckets[b].close();
                }
            } catch (IOException e) {
                // A bucket that could not be flushed (a full disk, say) is removed all the same.
            }
            try {
                if (bucketFiles[b] != null) {
                    java.nio.file.Files.deleteIfExists(bucketFiles[b]);
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Shuffles the window (inode order is not path order) and numbers the inodes in output order. */
    private void flush(boolean all) throws IOException {
        for (int i = window.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            byte[] t = window.get(i);
            window.set(i, window.get(j));
            window.set(j, t);
        }
        for (byte[] line : window) {
            if (order == Order.RANDOM) {
                // The very lines WINDOW writes (the generator's random numbers are drawn the same way);
                // only where they go is chosen apart.
                byte[] numbered = numbered(line);
                int b = orderRnd.nextInt(bucketCount);
                java.io.DataOutputStream bucket = buckets[b / perFile];
                bucket.writeShort(b % perFile);
                bucket.writeInt(numbered.length);
                bucket.write(numbered);
            } else {
                out.write(numbered(line));
            }
        }
        window.clear();
    }

    private byte[] numbered(byte[] line) {
        // "<T> # ..." gets the next inode number; lines that already carry one are written as they are.
        int hash = -1;
        for (int i = 0; i < Math.min(line.length, 8); i++) {
            if (line[i] == '#') {
                hash = i;
                break;
            }
        }
        if (hash < 0) {
            return line;
        }
        byte[] num = Long.toString(nextInode).getBytes(StandardCharsets.US_ASCII);
        nextInode += 1 + rnd.nextInt(3);
        byte[] r = new byte[line.length - 1 + num.length];
        System.arraycopy(line, 0, r, 0, hash);
        System.arraycopy(num, 0, r, hash, num.length);
        System.arraycopy(line, hash + 1, r, hash + num.length, line.length - hash - 1);
        return r;
    }
}
