#!/usr/bin/env bash
# A Lustre file system's scan for fsscan: lfs find on a client, one line per entry, compressed.
#   lustre-scan.sh /lustre/proj mds1 proj   ->   YYYYMMDD_mds1_proj.list.zst, then: fsscan import that file
set -euo pipefail
path="${1:?mount point or directory}"; server="${2:?name of the MDS or client, for the file name}"; fs="${3:?file system name}"
out="$(date +%Y%m%d)_${server}_${fs}.list.zst"
lfs find "$path" --printf "%LF s=%s b=%b u=%U g=%G p=%LP type=%y perm=%m a=%A@ m=%T@ c=%C@ -- %p\n" | zstd -q -o "$out"
echo "$out"
