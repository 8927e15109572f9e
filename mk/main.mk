# the bgpd program: flags, signals, pid file, event loop.
sbin_PROGRAMS += bgpd
bgpd_SOURCES = daemon/main.c
bgpd_LDADD = libokapi.a $(OKAPI_LIBS)
