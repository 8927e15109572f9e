# extra: privilege drop, man pages, systemd units, sample configs, and the
# Debian packaging that ships them (see debian/ and tests/packaging/).

# privs: switching to -u/-g after the sockets are bound (libcap-ng).
libokapi_a_SOURCES += daemon/privs.h daemon/privs.c

UNIT_TESTS += tests/unit/test_privs
tests_unit_test_privs_SOURCES = tests/unit/test_privs.c
tests_unit_test_privs_CFLAGS = $(TEST_CFLAGS)
tests_unit_test_privs_LDADD = $(TEST_LDADD)

# Man pages.  The Debian package ships bgpd.8 as okapi-bgpd.8 (as FRR
# ships frr-bgpd.8) because openbgpd owns /usr/share/man/man8/bgpd.8.
dist_man_MANS = docs/man/bgpd.8 docs/man/okapi-cli.1

# systemd units, with the configured paths filled in.  The unit directory
# follows the prefix so that `make install` and distcheck stay inside it;
# debian/rules passes systemdsystemunitdir=/lib/systemd/system.
systemdsystemunitdir = $(prefix)/lib/systemd/system
systemdsystemunit_DATA = etc/systemd/okapi.service etc/systemd/okapi@.service
CLEANFILES = $(systemdsystemunit_DATA)
EXTRA_DIST += etc/systemd/okapi.service.in etc/systemd/okapi@.service.in

# The package renames bgpd.8 and passes okapi_bgpd_man=okapi-bgpd.
okapi_bgpd_man = bgpd
okapi_edit_unit = sed -e 's|@sbindir[@]|$(sbindir)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@bgpd_man[@]|$(okapi_bgpd_man)|g'

etc/systemd/okapi.service: $(srcdir)/etc/systemd/okapi.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc/systemd && \
	$(okapi_edit_unit) $(srcdir)/etc/systemd/okapi.service.in >$@.tmp && \
	mv -f $@.tmp $@
etc/systemd/okapi@.service: $(srcdir)/etc/systemd/okapi@.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) etc/systemd && \
	$(okapi_edit_unit) $(srcdir)/etc/systemd/okapi@.service.in >$@.tmp && \
	mv -f $@.tmp $@

# Sample configurations: every etc/*.conf goes into the tarball and into
# $(docdir)/examples.  `make install` never writes $(sysconfdir): the
# package installs etc/bgpd.conf as the /etc/okapi/bgpd.conf conffile.
# A glob, because the samples are written by several people.
EXTRA_DIST += etc/bgpd.conf
okapi_examplesdir = $(docdir)/examples

dist-hook:
	$(MKDIR_P) $(distdir)/etc
	for f in $(srcdir)/etc/*.conf; do \
		test -f "$$f" && cp -pf "$$f" $(distdir)/etc/ || :; \
	done

install-data-local:
	$(MKDIR_P) $(DESTDIR)$(okapi_examplesdir)
	for f in $(srcdir)/etc/*.conf; do \
		test -f "$$f" || continue; \
		$(INSTALL_DATA) "$$f" $(DESTDIR)$(okapi_examplesdir)/ || exit 1; \
	done

uninstall-local:
	for f in $(srcdir)/etc/*.conf; do \
		rm -f $(DESTDIR)$(okapi_examplesdir)/`basename "$$f"`; \
	done

# Packaging and its test travel with the source (native package).
EXTRA_DIST += debian/changelog debian/control debian/copyright \
	debian/rules debian/source/format debian/okapi.sysusers \
	debian/okapi.tmpfiles debian/okapi.install debian/okapi.postinst \
	debian/okapi.prerm debian/okapi.postrm debian/okapi.logrotate \
	debian/okapi.docs debian/okapi.lintian-overrides \
	tests/packaging/test_package.sh

# Namespace suites and their harness (run from a checkout or the tarball).
EXTRA_DIST += tests/interop/README.md tests/interop/run.sh tests/interop/lib.sh \
	tests/interop/session.sh tests/interop/fibtool.sh tests/interop/configs \
	tests/lab/lib \
	tests/interop/bgp_inject.py \
	tests/interop/test_fib_carrier.sh \
	tests/interop/test_fib_enobufs.sh \
	tests/interop/test_fib_install.sh \
	tests/interop/test_harness_bird_frr.sh \
	tests/interop/test_harness_frr_bird.sh \
	tests/interop/test_harness_lib.sh \
	tests/interop/test_ipmininet_contract.sh \
	tests/interop/test_ipmininet_vty.sh \
	tests/interop/test_open_errors.sh \
	tests/interop/test_session_bird.sh \
	tests/interop/test_session_features.sh \
	tests/interop/test_session_frr.sh \
	tests/interop/test_session_multihop.sh \
	tests/interop/test_session_okapi.sh

# The daemon benchmark of issue 8 (not a test; see bench/run and
# docs/PERFORMANCE.md): the feeder/sink and the kernel FIB watcher.
noinst_PROGRAMS += bench/bgpfeed bench/fibwatch
bench_bgpfeed_SOURCES = bench/bgpfeed.c bench/feed_gen.c bench/feed_gen.h
bench_bgpfeed_LDADD = libokapi.a $(OKAPI_LIBS)
bench_fibwatch_SOURCES = bench/fibwatch.c
EXTRA_DIST += bench/run bench/report.py bench/mem_onefeed

# Namespace tests and labs added in session 2 (the runner picks up every
# tests/interop/test_*.sh and tests/lab/test_*.sh; the tarball must carry
# them all).
EXTRA_DIST += docs/INTEROP.md etc/labs/policy.lab etc/labs/rr.lab \
	tests/interop/bgp_malformed.py tests/interop/fib_updates.py \
	tests/interop/soak_flood.py tests/interop/vty_abuse.py \
	tests/interop/test_exabgp.sh tests/interop/test_exabgp_attrs.sh \
	tests/interop/test_exabgp_churn.sh tests/interop/test_gobgp.sh \
	tests/interop/test_fib_exit.sh tests/interop/test_fib_faults.sh \
	tests/interop/test_fib_refused.sh \
	tests/interop/test_malformed_update.sh tests/interop/test_soak.sh \
	tests/interop/test_vty_security.sh \
	tests/interop/test_routes_bird_as4.sh \
	tests/interop/test_routes_frr_bird_ebgp.sh \
	tests/interop/test_routes_frr_bird_ibgp.sh \
	tests/interop/test_routes_frr_bird_rr.sh \
	tests/interop/test_routes_frr_rr_client.sh \
	tests/lab/test_policy_lab.sh tests/lab/test_rr_lab.sh \
	tests/lab/test_seed_lab.sh
