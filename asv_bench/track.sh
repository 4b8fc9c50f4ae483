#!/usr/bin/env bash
# Benchmarks across commits, for a maintainer (not CI: timings are not gated in shared CI).
#
#   bash asv_bench/track.sh                 # the commits since the merge base, HEAD vs base, dashboard
#   RANGE="HEAD~2^..HEAD" bash asv_bench/track.sh      # any git range (here the last 3 commits)
#   QUICK=1 BENCH=tracking bash asv_bench/track.sh     # one sample per benchmark, smallest sizes
#
# 1. `asv run RANGE`: every commit of the range in a fresh virtualenv that asv builds from
#    asv.conf.json (the commit's wheel plus its `test` extra and torch==2.13.0, which pip
#    resolves offline from the configured local index/wheel folder); results are saved under
#    asv_bench/results/ (commits already measured on this machine are skipped).
# 2. `asv continuous --factor FACTOR BASE HEAD`: HEAD against its merge base with MAIN
#    (HEAD~1 when HEAD is on MAIN); prints the benchmarks that got slower (or faster) by more
#    than FACTOR, and this script exits with asv's status (1 = a regression).
# 3. `asv publish`: the HTML dashboard in asv_bench/html/ (open index.html through
#    `asv preview`, or any static file server); the `track_*_ratio` rows plot framekit/peer
#    time ratios over commits, the `peakmem_*` rows peak memory.
#
# A commit whose tree does not import (a partial commit) fails its benchmarks and shows as a
# gap on the dashboard; asv moves on to the next commit.
#
# Environment: MAIN (default origin/main, else main), BASE (default: the merge base with
# MAIN), RANGE (default BASE^..HEAD; or HASHFILE:path, a file of commit hashes),
# FACTOR (1.2), BENCH (an asv --bench regex; default all), QUICK=1 (one repeat, one number,
# smallest sizes: FRAMEKIT_BENCH_SMOKE=1), FRAMEKIT_BENCH_THREADS (default 1: pinned pools).
set -uo pipefail
cd "$(dirname "$0")"
export FRAMEKIT_BENCH_THREADS="${FRAMEKIT_BENCH_THREADS:-1}"
export OMP_NUM_THREADS="$FRAMEKIT_BENCH_THREADS" MKL_NUM_THREADS="$FRAMEKIT_BENCH_THREADS"
export OPENBLAS_NUM_THREADS="$FRAMEKIT_BENCH_THREADS" PIP_DISABLE_PIP_VERSION_CHECK=1

main_ref="${MAIN:-}"
if [ -z "$main_ref" ]; then
    if git rev-parse -q --verify origin/main >/dev/null; then main_ref=origin/main; else main_ref=main; fi
fi
head=$(git rev-parse HEAD)
if [ -n "${BASE:-}" ]; then
    base=$(git rev-parse "$BASE")
else
    base=$(git merge-base HEAD "$main_ref")
    if [ "$base" = "$head" ]; then
        echo "HEAD is on $main_ref: comparing it with its parent"
        base=$(git rev-parse HEAD~1)
    fi
fi
range="${RANGE:-$base^..HEAD}"
if [ "${range#HASHFILE:}" != "$range" ]; then  # a file of commits, one per line
    described="$(wc -l < "${range#HASHFILE:}") commits listed in ${range#HASHFILE:}"
else
    described="$(git rev-list --count "$range") in $range"
fi
factor="${FACTOR:-1.2}"

args=(--show-stderr --launch-method forkserver)
[ -n "${BENCH:-}" ] && args+=(--bench "$BENCH")
if [ "${QUICK:-0}" = 1 ]; then
    export FRAMEKIT_BENCH_SMOKE=1
    # saved results need real samples (`--quick` saves nothing): one of each instead
    args+=(-a repeat=1 -a number=1 -a rounds=1 -a warmup_time=0)
fi

echo "+ commits: $described; HEAD $(git rev-parse --short HEAD) vs base $(git rev-parse --short "$base")"
asv machine --yes >/dev/null
echo "+ asv run $range"
asv run "${args[@]}" "$range" || echo "(asv run exit $?: some benchmark failed; see above)"

echo "+ asv continuous --factor $factor $base HEAD"
asv continuous --factor "$factor" "${args[@]}" "$base" "$head"
status=$?
case $status in
    0) verdict="no regression beyond the factor" ;;
    1) verdict="REGRESSIONS: the benchmarks listed above got slower by more than $factor" ;;
    *) verdict="some benchmark failed on one of the two commits (asv then skips its table)" ;;
esac
echo "+ asv continuous exit status: $status ($verdict)"
# The table of every benchmark of both commits, also when continuous stopped at a failure
# ("failed" rows) : + slower, - faster, x broken.
echo "+ asv compare --factor $factor --split $base HEAD"
asv compare --factor "$factor" --split "$base" "$head" || true

echo "+ asv publish"
asv publish >/dev/null && echo "dashboard: $(pwd)/html/index.html (serve it with: asv preview)"
exit $status
