#!/usr/bin/env bash
# Runs a small study through a real single-node Slurm on localhost and checks that its results.csv is
# byte-identical to the local run of the same study. Needs root and the Debian packages slurmctld, slurmd
# and munge (scripts/bootstrap.sh installs them). Starts munged, slurmctld and slurmd with a minimal
# slurm.conf written here, and stops them at the end.
#   usage: slurm_sweep_test.sh HYBRIDFOG_BINARY STUDY_FILE
set -euo pipefail
binary=$(readlink -f "$1")
study=$(readlink -f "$2")

if [ "$(id -u)" -ne 0 ]; then echo "slurm test: needs root (it starts munged, slurmctld, slurmd)" >&2; exit 1; fi
for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol; do
  command -v "$tool" >/dev/null || { echo "slurm test: $tool missing: run scripts/bootstrap.sh" >&2; exit 1; }
done

work=$(mktemp -d /tmp/hybridfog-slurm-XXXXXX)
chmod 755 "$work"
host=$(hostname -s)
export SLURM_CONF="$work/slurm.conf"
munge_socket="$work/munge/munge.socket"

cleanup() {
  scontrol shutdown >/dev/null 2>&1 || true
  sleep 1
  [ -f "$work/slurmd.pid" ] && kill "$(cat "$work/slurmd.pid")" 2>/dev/null || true
  [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2>/dev/null || true
  [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2>/dev/null || true
  if [ "${keep:-0}" = 1 ]; then echo "slurm test: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# munge: a key of our own, a socket in our folder.
mkdir -p "$work/munge" /run/munge
dd if=/dev/urandom of="$work/munge/munge.key" bs=1 count=1024 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$munge_socket" \
  --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge/munge.seed"

cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p "$work/state" "$work/spool"
cat > "$SLURM_CONF" <<CONF
ClusterName=hybridfog-test
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
AuthInfo=socket=$munge_socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
  state=$(sinfo -h -o %T 2>/dev/null | head -1 || true)
  [ "$state" = "idle" ] && break
  sleep 1
done
[ "$state" = "idle" ] || { keep=1; echo "slurm test: node never became idle (state '$state')" >&2; exit 1; }

# The same study locally and on Slurm.
"$binary" sweep "$study" -o "$work/local" -j 2 --no-progress >/dev/null
"$binary" sweep "$study" -o "$work/slurm-out" --executor slurm --slurm-tasks 3 --slurm-opt=--time=10 >"$work/submit.txt"
job=$(cat "$work/slurm-out/slurm/job_id")
for _ in $(seq 1 300); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h -j "$job" 2>/dev/null)" ] || { keep=1; echo "slurm test: job $job did not finish" >&2; exit 1; }
"$binary" sweep "$study" -o "$work/slurm-out" --collect >/dev/null || { keep=1; cat "$work"/slurm-out/slurm/*.out >&2; exit 1; }

if ! cmp "$work/local/results.csv" "$work/slurm-out/results.csv"; then
  keep=1
  echo "slurm test: results.csv differs between the local and the Slurm run" >&2
  exit 1
fi
tasks=$(ls "$work"/slurm-out/slurm/task-*.out | wc -l)
[ "$tasks" -eq 3 ] || { keep=1; echo "slurm test: expected 3 array task logs, got $tasks" >&2; exit 1; }
rows=$(($(wc -l < "$work/slurm-out/results.csv") - 1))
echo "slurm test: job $job ran $rows runs in $tasks array tasks; results.csv identical to the local run"
