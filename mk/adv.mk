# adv module: the Adj-RIB-Out, outbound attributes and UPDATE packing.
libokapi_a_SOURCES += daemon/adv.h daemon/adv.c
