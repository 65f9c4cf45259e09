package fsscan.query;

/**
 * The directories of an id range in id order (depth first, siblings in name order), each with its
 * parent, name and subtree figures: what a comparison of two scans walks side by side.
 */
public interface TreeCursor extends AutoCloseable {

    /** Moves to the next directory; false at the end. */
    boolean next() throws Exception;

    long id();

    long parentId();

    String name();

    int depth();

    long totalSize();

    long files();

    @Override
    void close() throws Exception;
}
