# update module: decoding received UPDATEs (framing, NLRI, RFC 7606).
libokapi_a_SOURCES += daemon/update.h

