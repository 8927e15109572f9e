#!/bin/bash
#
# Two okapi bgpd processes peering with each other.
# The scenario (issue 2, "What must be shown") is in session.sh.
# Run alone: bash test_session_okapi.sh   (needs root; OKAPI_BGPD or OKAPI_BUILD for okapi)

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/session.sh"
it_begin session-okapi
session_suite okapi okapi
