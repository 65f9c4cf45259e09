package fsscan.testutil;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real command in a child JVM, for what cannot happen inside the test's own JVM: signals, a
 * small heap, another user, a closed or full standard output. Every wait is bounded.
 */
public final class Child {

    private static final String END = "\u0000end of stderr";

    private final Process process;
    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private boolean ended;

    private Child(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.add(line);
                }
            } catch (IOException e) {
                stderr.add("(stderr closed: " + e + ")");
            }
            stderr.add(END);
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** The java command that runs fsscan's main class with the test's class path. */
    public static List<String> javaCommand(List<String> jvmArgs, String classPath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", classPath, "fsscan.cli.Main"));
        return cmd;
    }

    /** fsscan with these JVM options and arguments; its stdout goes to {@code stdout} (null: discarded). */
    public static Child fsscan(List<String> jvmArgs, File stdout, String... args) throws IOException {
        List<String> cmd = javaCommand(jvmArgs, System.getProperty("java.class.path"));
        cmd.addAll(List.of(args));
        return start(cmd, stdout, null);
    }

    /** Any command line, in {@code dir} (null: the test's own). */
    public static Child start(List<String> cmd, File stdout, File dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (dir != null) {
            pb.directory(dir);
        }
        return new Child(pb.start());
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits (60 s at most) for a stderr line that matches; fails if the child ends first. */
    public String awaitLine(Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = stderr.poll(50, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.equals(END)) {
                ended = true;
                throw new AssertionError("the child ended before the line awaited; it wrote: " + seen);
            }
            seen.add(line);
            if (match.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no such line within 60 s; the child wrote: " + seen);
    }

    public void signal(String name) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    /** The exit code, once the child has ended (60 s at most). */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end within 60 s; it wrote: " + seen);
        }
        return process.exitValue();
    }

    /** Everything the child wrote on stderr, once it has ended. */
    public List<String> stderr() throws InterruptedException {
        exitCode();
        while (!ended) {
            String line = stderr.poll(30, TimeUnit.SECONDS);
            if (line == null || line.equals(END)) {
                ended = true;
            } else {
                seen.add(line);
            }
        }
        return List.copyOf(seen);
    }
}
