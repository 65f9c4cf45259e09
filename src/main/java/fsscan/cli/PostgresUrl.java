package fsscan.cli;

import fsscan.pg.PgUrl;
import picocli.CommandLine;

/** A {@code --postgres} URL given on a command line: a malformed one is a usage error. */
final class PostgresUrl {

    private PostgresUrl() {
    }

    static PgUrl parse(CommandLine.Model.CommandSpec spec, String url, Main main) {
        try {
            return PgUrl.parse(url, main.environment);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
