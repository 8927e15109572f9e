#!/bin/bash
#
# okapi (side A) against FRR 8.4's bgpd (side B).
# The scenario (issue 2, "What must be shown") is in session.sh.
# Run alone: bash test_session_frr.sh   (needs root; OKAPI_BGPD or OKAPI_BUILD for okapi)

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/session.sh"
it_begin session-frr
session_suite okapi frr
