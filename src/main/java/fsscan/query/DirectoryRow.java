package fsscan.query;

/**
 * One directory of a listing, from the scan of {@code filesystem}. {@code maxAtime*} are null when
 * no access time is known; {@code ownerUid}/{@code ownerGid} are -1 without files, null when mixed.
 */
public record DirectoryRow(String filesystem, long id, String path, int depth, long totalSizeR, long totalSizeNr,
                           long fileCountR, long fileCountNr, long dirCountR, long dirCountNr, Long maxAtimeR,
                           Long maxAtimeNr, Long ownerUid, Long ownerGid) {

    public DirectoryRow withPath(String p) {
        return new DirectoryRow(filesystem, id, p, depth, totalSizeR, totalSizeNr, fileCountR, fileCountNr, dirCountR,
                dirCountNr, maxAtimeR, maxAtimeNr, ownerUid, ownerGid);
    }
}
