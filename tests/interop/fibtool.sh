# fibtool.sh: driving fib/fibtool (the kernel side of okapi on a real RIB,
# fed text commands through a FIFO) from the test_fib_*.sh tests.
# Sourced after lib.sh and it_begin.

fibtool_find()
{
	local c
	for c in "${OKAPI_FIBTOOL:-}" "${OKAPI_BUILD:+$OKAPI_BUILD/fib/fibtool}" \
		"${OKAPI_BGPD:+$(dirname "${OKAPI_BGPD}")/fib/fibtool}" \
		/tmp/build-main/fib/fibtool; do
		if [ -n "$c" ] && [ -x "$c" ]; then
			printf '%s' "$c"
			return 0
		fi
	done
	return 1
}
# ft_start LABEL NS [OPTS...]: fibtool reading commands from a FIFO.
ft_start()
{
	local label=$1 ns=$2
	shift 2
	rm -f "$OK_TMP/$label.in"
	mkfifo "$OK_TMP/$label.in"
	ns_spawn "$label" "$ns" "$FIBTOOL" -i "$OK_TMP/$label.in" "$@"
	wait_for 5 grep -q '^ready' "$OK_TMP/$label.stdout"
}
ft() { local l=$1; shift; printf '%s\n' "$@" >"$OK_TMP/$l.in"; }
ft_count() { grep -c -- "$2" "$OK_TMP/$1.stdout"; }
ft_more() { [ "$(ft_count "$1" "$2")" -gt "$3" ]; }
# ft_sync LABEL: wait until the tool says the FIB queue is empty.
ft_sync()
{
	local n
	n=$(ft_count "$1" '^synced')
	ft "$1" sync
	wait_for 30 ft_more "$1" '^synced' "$n"
}
# ft_ask LABEL CMD PATTERN: send CMD, print the first new line matching.
ft_ask()
{
	local n
	n=$(ft_count "$1" "$3")
	ft "$1" "$2"
	wait_for 5 ft_more "$1" "$3" "$n" || return 1
	grep -- "$3" "$OK_TMP/$1.stdout" | tail -n 1
}
# ft_quit LABEL: clean exit, bounded.
ft_quit()
{
	ft "$1" quit
	wait_for 5 ns_dead "$1" && ns_reap "$(ns_pid "$1")"
}
