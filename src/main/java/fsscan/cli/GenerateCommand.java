package fsscan.cli;

import fsscan.db.DatabaseTarget;
import fsscan.db.DatabaseWriter;
import fsscan.gen.ScanGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = "Writes a synthetic GPFS policy scan that looks like a real one, the same for the same seed:"
                + " inode order (files before their directories), user and project trees 3 to 30 levels deep,"
                + " heavy-tailed directory sizes, access times over years, small files kept in the inode, symlinks,"
                + " hard links, odd names (spaces, ' -- ', '=', '%%', bytes that are not UTF-8).")
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--lines", required = true, paramLabel = "N", converter = Converters.Count.class,
            description = "about this many data lines (1500, 10M, 1000000000)")
    long lines;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dirty", defaultValue = "0", paramLabel = "RATE",
            description = "fraction of malformed lines mixed in, e.g. 0.001 (default: ${DEFAULT-VALUE})")
    double dirty;

    @Option(names = "--root", defaultValue = "/gpfs/csfs1", paramLabel = "PATH",
            description = "file system mount point (default: ${DEFAULT-VALUE})")
    String root;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "where to write the scan: written beside FILE under a temporary name (random order's bucket"
                    + " files too) and renamed over it once complete; a device or pipe (/dev/stdout) as the lines come")
    Path output;

    @Option(names = "--order", defaultValue = "window", paramLabel = "ORDER",
            description = "window (lines shuffled inside windows of 20,000: a directory's files come close together) or"
                    + " random (the same lines in a uniformly random order, as after years of churn; default: ${DEFAULT-VALUE})")
    ScanGenerator.Order order;

    @Option(names = "--style", defaultValue = "gpfs", paramLabel = "STYLE",
            description = "gpfs, gpfs-no-thread, gpfs-escaped (ESCAPE '%%' paths) or lustre (lfs find --printf); default: ${DEFAULT-VALUE}")
    String style;

    @Override
    public Integer call() throws Exception {
        if (lines < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lines must be at least 1");
        }
        if (dirty < 0 || dirty >= 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dirty must be in [0, 1)");
        }
        ScanGenerator.Style lineStyle;
        try {
            lineStyle = ScanGenerator.Style.valueOf(style.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--style takes gpfs, gpfs-no-thread, gpfs-escaped or lustre, not '" + style + "'");
        }
        ScanGenerator generator = new ScanGenerator(seed, lines, dirty, root, lineStyle).order(order);
        boolean stream = Files.exists(output) && !Files.isRegularFile(output);
        ScanGenerator.Stats stats = stream ? writeAsItComes(generator) : writeAndRename(generator);
        // Written to a device or a pipe (-o /dev/stdout), the scan may be on stdout: the summary goes apart.
        (stream ? spec.commandLine().getErr() : spec.commandLine().getOut()).printf(Locale.ROOT,
                "wrote %s: %,d lines (%,d files, %,d directories, %,d header, %,d malformed)%s%n",
                output, stats.lines(), stats.files(), stats.directories(), stats.headers(), stats.malformed(),
                stream ? "" : ", " + fsscan.report.Units.bytes(Files.size(output)));
        return 0;
    }

    /**
     * A device or a pipe ({@code -o /dev/stdout}) is written as the lines come; a random order's
     * bucket files go to java.io.tmpdir.
     */
    private ScanGenerator.Stats writeAsItComes(ScanGenerator generator) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        String prefix = "fsscan-generate-" + ProcessHandle.current().pid() + "-";
        Thread hook = removeOnSignal(tmp, prefix);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            return generator.bucketFiles(tmp, prefix).write(out);
        } finally {
            forget(hook);
        }
    }

    /**
     * A file is written beside itself as {@code FILE.tmp-<pid>-...} (a random order's bucket files
     * too, which hold the whole scan until it is written: where the scan itself must fit, not in a
     * small /tmp) and renamed over FILE once complete, with FILE's mode, owner and group if it
     * existed. A failure, SIGINT or SIGTERM leaves FILE as it was and removes what this run made;
     * what a killed run left is removed by the next run to the same FILE.
     */
    private ScanGenerator.Stats writeAndRename(ScanGenerator generator) throws IOException {
        Path target = Files.exists(output) ? output.toRealPath() : output.toAbsolutePath().normalize();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(output.toString());
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            // A rename would replace it all the same: a file this user may not write is left alone.
            throw new AccessDeniedException(output.toString());
        }
        if (!Files.isWritable(dir)) {
            throw new Main.UserException("cannot write in " + dir + " (permission denied): the scan is written there"
                    + " under a temporary name, then renamed over " + target.getFileName());
        }
        DatabaseWriter.removeAbandoned(target);
        String prefix = target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-";
        Thread hook = removeOnSignal(dir, prefix);
        Path staged = null;
        boolean renamed = false;
        try {
            staged = DatabaseWriter.createTemp(target, "");
            ScanGenerator.Stats stats;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(staged), 1 << 20)) {
                stats = generator.bucketFiles(dir, prefix).write(out);
            }
            DatabaseTarget.giveAttributes(target, staged);
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
            return stats;
        } finally {
            if (staged != null && !renamed) {
                Files.deleteIfExists(staged);
            }
            forget(hook);
        }
    }

    /** Removes, at SIGINT or SIGTERM (the JVM's shutdown), the files in {@code dir} named {@code prefix...}. */
    private static Thread removeOnSignal(Path dir, String prefix) {
        Thread hook = new Thread(() -> {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
                for (Path p : files) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // The process is ending; a file left is removed by the next run to the same output.
            }
        }, "fsscan-generate-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs.
        }
    }
}
