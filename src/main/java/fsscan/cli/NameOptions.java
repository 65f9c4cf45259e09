package fsscan.cli;

import fsscan.query.NameService;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Where uid and gid names come from: the machine's name service (NSS), or exported files. */
final class NameOptions {

    @Option(names = "--passwd", paramLabel = "FILE",
            description = "user names from this /etc/passwd-format file (an LDAP export) instead of the name service")
    Path passwd;

    @Option(names = "--group-file", paramLabel = "FILE",
            description = "group names from this /etc/group-format file instead of the name service")
    Path group;

    NameService service() {
        try {
            return NameService.files(passwd, group);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
