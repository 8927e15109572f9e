#!/bin/sh
# build.sh: build okapi's libFuzzer targets (clang, ASan + UBSan).
#
#   tests/fuzz/build.sh [BUILDDIR]      (default: /tmp/okapi-fuzz)
#
# BUILDDIR/lib is an out-of-tree configure of the whole tree with
# CC=clang and coverage instrumentation (-fsanitize=fuzzer-no-link) plus
# the sanitizers, of which only libokapi.a is made; each target is then
# linked with -fsanitize=fuzzer into BUILDDIR/fuzz_NAME.  Re-running it
# rebuilds only what changed.  FUZZ_TARGETS="open update" limits the set.
set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-${OKAPI_FUZZ_BUILD:-/tmp/okapi-fuzz}}
CC=${CC:-clang}
TARGETS=${FUZZ_TARGETS:-open update session config vty netlink}
# -fno-sanitize-recover: a UBSan report must stop the run so that
# libFuzzer records the input as a crash.
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS_COMMON="-g -O1 $SAN"

mkdir -p "$B/lib"
B=$(cd "$B" && pwd)
cd "$B/lib"
if [ ! -f Makefile ]; then
	"$SRC/configure" -q CC="$CC" \
		CFLAGS="$CFLAGS_COMMON -fsanitize=fuzzer-no-link"
fi
make -s -j"${JOBS:-2}" libokapi.a

# What the library's users are compiled and linked with, as the Makefile
# says it (so a new library in configure.ac needs no change here).  The
# last line only: make may first say that it regenerated the Makefile.
mkvar() {
	make -s --no-print-directory --eval="fuzz-print-var: ; @echo \$($1)" \
		fuzz-print-var | tail -n 1
}
INCS=$(mkvar AM_CPPFLAGS)
LIBS=$(mkvar OKAPI_LIBS)

for t in $TARGETS; do
	src="$SRC/tests/fuzz/fuzz_$t.c"
	out="$B/fuzz_$t"
	if [ -x "$out" ] && [ "$out" -nt "$src" ] &&
	   [ "$out" -nt "$B/lib/libokapi.a" ]; then
		continue
	fi
	echo "  CCLD     fuzz_$t"
	# shellcheck disable=SC2086
	"$CC" -std=gnu11 -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE $INCS \
		$CFLAGS_COMMON -fsanitize=fuzzer "$src" "$B/lib/libokapi.a" \
		$LIBS -o "$out"
done
