# attr module: interned path attributes, AS paths, communities, and the
# hash set they share.
libokapi_a_SOURCES += daemon/intern.h daemon/intern.c \
	daemon/attr.h daemon/aspath.h daemon/community.h

