package fsscan.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the real command line in this JVM and captures what it prints. */
final class Cli {

    record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(Map.of(), InputStream.nullInputStream(), args);
    }

    static Result run(Map<String, String> env, String... args) {
        return run(env, InputStream.nullInputStream(), args);
    }

    static Result run(InputStream stdin, String... args) {
        return run(Map.of(), stdin, args);
    }

    static Result run(Map<String, String> env, InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code = Main.execute(Main.commandLine(env, stdin, o, e), o, e, args);
        return new Result(code, out.toString(), err.toString());
    }
}
