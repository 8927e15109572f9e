# rde module: sources and unit test (see Makefile.am)
