# policy module: route-maps, prefix-lists, access-lists, community and
# as-path lists (see Makefile.am)
libokapi_a_SOURCES += daemon/policy.h daemon/policy.c
