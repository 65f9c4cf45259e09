package fsscan.pipeline;

import fsscan.db.ScanSummary;
import fsscan.tree.DirectoryTree;

import java.nio.file.Path;

/**
 * What an import gives back: the summary, what the accumulator held at its peak, how the scan's
 * lines came, and the finished database and rejects file (null: none) under their temporary names,
 * for the caller to check and put in place, or delete.
 */
public record ImportReport(ScanSummary summary, long accumulatorHeapBytes, DirectoryTree.LineOrder lineOrder,
                           Path stagedDatabase, Path stagedRejects) {
}
