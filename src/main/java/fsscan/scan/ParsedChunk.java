package fsscan.scan;

import java.util.List;

/** What a parser made of one chunk: counts, listed directories, file groups and rejects. */
public record ParsedChunk(long chunkId, int lines, int headerLines, int directoryLines, int fileLines,
                          PathList directories, FileGroups groups, List<Reject> rejects) {

    public int malformedLines() {
        return rejects.size();
    }
}
