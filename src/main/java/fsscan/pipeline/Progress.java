package fsscan.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Live figures for the progress line: written by the actors, read by the command's thread. */
public final class Progress {

    public final AtomicLong bytesRead = new AtomicLong();
    public final AtomicLong linesMerged = new AtomicLong();
    public final AtomicLong directories = new AtomicLong();
    public final AtomicLong rowsWritten = new AtomicLong();
    public final AtomicLong rowsToWrite = new AtomicLong(-1);
    /** Size of the input in bytes, or -1 when not known (a pipe). */
    public final long totalBytes;

    public Progress(long totalBytes) {
        this.totalBytes = totalBytes;
    }
}
