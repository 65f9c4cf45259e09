#!/usr/bin/env bash
# fsscan's weekly job for one file system: scan it with mmapplypolicy, import the list (keeping last
# week's database for compare), optionally publish it to PostgreSQL. For cron; every step logs to
# $LOG, and the exit code says what failed, for a monitoring system:
#   0 done   10 scan failed   11 import failed or refused (the old database stays)   12 publish failed
#
#   FS=csfs1 FS_PATH=/gpfs/csfs1 NODES=nsd01,nsd02 WORKDIR=/gpfs/csfs1/.fsscan \
#   FSSCAN=/opt/fsscan/bin/fsscan DATA=/srv/fsscan/data [FS_SCAN_POSTGRES=postgresql://...] fsscan-weekly.sh
#
# crontab (Mondays at 01:00; the scan of a large file system takes hours, the import minutes):
#   0 1 * * 1  FS=csfs1 FS_PATH=/gpfs/csfs1 NODES=nsd01,nsd02 WORKDIR=/gpfs/csfs1/.fsscan /opt/fsscan/examples/fsscan-weekly.sh
set -uo pipefail

: "${FS:?file system name}" "${FS_PATH:?mount point}" "${WORKDIR:?a directory on the file system, shared by the nodes}"
FSSCAN="${FSSCAN:-fsscan}"
DATA="${DATA:-/srv/fsscan/data}"
NODES="${NODES:-}"
POLICY="${POLICY:-$(dirname "$(readlink -f "$0")")/list-all.policy}"
LOG="${LOG:-/var/log/fsscan-$FS.log}"
stamp="$(date +%Y%m%d)"
prefix="$WORKDIR/${stamp}_$(hostname -s)_$FS"

log() { echo "$(date '+%F %T') $*" >> "$LOG"; }

log "scan of $FS_PATH starting"
# -I defer: only write the list (prefix.list.all); -g: a shared work directory for the nodes' pieces.
if ! mmapplypolicy "$FS_PATH" -P "$POLICY" -I defer -f "$prefix" -g "$WORKDIR" --scope filesystem \
        ${NODES:+-N "$NODES"} >> "$LOG" 2>&1; then
    log "scan failed"; exit 10
fi
list="$prefix.list.all"
log "importing $list"
if ! "$FSSCAN" import "$list" --data-dir "$DATA" --keep-previous "$DATA/archive" -q >> "$LOG" 2>&1; then
    log "import failed or refused; $DATA/$FS.db is left as it was"; exit 11
fi
gzip -f "$list" && log "kept the list as $list.gz"
if [ -n "${FS_SCAN_POSTGRES:-}" ]; then
    if ! "$FSSCAN" publish "$FS" --data-dir "$DATA" ${READONLY_ROLE:+--role-readonly "$READONLY_ROLE"} >> "$LOG" 2>&1; then
        log "publish failed; the live copy in PostgreSQL is left as it was"; exit 12
    fi
fi
log "done"
