# fib: rtnetlink messages and sockets, the kernel mirror, next-hop
# tracking, the netlink writer thread, FIB installation, and fibsys which
# assembles them for the daemon.
libokapi_a_SOURCES += fib/nlmsg.h fib/nlmsg.c fib/netlink.h fib/netlink.c \
	fib/mirror.h fib/mirror.c fib/nexthop.h fib/nexthop.c \
	fib/writer.h fib/writer.c fib/kernel.h fib/kernel.c \
	fib/fibsys.h fib/fibsys.c

UNIT_TESTS += tests/unit/test_nlmsg
tests_unit_test_nlmsg_SOURCES = tests/unit/test_nlmsg.c
tests_unit_test_nlmsg_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_nlmsg_LDADD = $(TEST_LDADD)

UNIT_TESTS += tests/unit/test_mirror
tests_unit_test_mirror_SOURCES = tests/unit/test_mirror.c
tests_unit_test_mirror_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_mirror_LDADD = $(TEST_LDADD)

UNIT_TESTS += tests/unit/test_nexthop
tests_unit_test_nexthop_SOURCES = tests/unit/test_nexthop.c
tests_unit_test_nexthop_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_nexthop_LDADD = $(TEST_LDADD)

# Writer and FIB installation against a real kernel, in a private network
# namespace the test enters itself (root; skipped loudly otherwise).
UNIT_TESTS += tests/unit/test_fib_kernel
tests_unit_test_fib_kernel_SOURCES = tests/unit/test_fib_kernel.c
tests_unit_test_fib_kernel_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_fib_kernel_LDADD = $(TEST_LDADD)

# The kernel side on a real RIB, driven from stdin: the namespace tests'
# tool (tests/interop/test_fib_*.sh).  Not installed.
noinst_PROGRAMS += fib/fibtool
fib_fibtool_SOURCES = fib/fibtool.c
fib_fibtool_LDADD = libokapi.a $(OKAPI_LIBS)

# FIB installation benchmark (not a test): run by hand, as root; see
# bench/fib_install.c and docs/PERFORMANCE.md.
noinst_PROGRAMS += bench/fib_install
bench_fib_install_SOURCES = bench/fib_install.c
bench_fib_install_LDADD = libokapi.a $(OKAPI_LIBS)

# fibsys assembled on a real kernel (route watch for redistribute), in a
# private network namespace (root; skipped loudly otherwise).
UNIT_TESTS += tests/unit/test_fibsys
tests_unit_test_fibsys_SOURCES = tests/unit/test_fibsys.c
tests_unit_test_fibsys_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_fibsys_LDADD = $(TEST_LDADD)

# The physical floor on this machine: a minimal batched libmnl writer,
# same namespace set-up and requests as bench/fib_install (not a test).
noinst_PROGRAMS += bench/nl_floor
bench_nl_floor_SOURCES = bench/nl_floor.c
bench_nl_floor_LDADD = $(OKAPI_LIBS)
