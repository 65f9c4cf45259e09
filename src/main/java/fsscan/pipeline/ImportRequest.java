package fsscan.pipeline;

import fsscan.input.ScanInput;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One import, as the command asks for it: read {@code input} into a new database next to
 * {@code database}; {@code onTick} runs on the caller's thread every {@code tick} (progress).
 */
public record ImportRequest(ScanInput input, Path database, ScanInfo info, ImportSettings settings, Tracer tracer,
                            Progress progress, Duration tick, Runnable onTick, fsscan.query.NameService names) {
}
