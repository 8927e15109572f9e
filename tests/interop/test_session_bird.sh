#!/bin/bash
#
# okapi (side A) against BIRD 2 (side B).
# The scenario (issue 2, "What must be shown") is in session.sh.
# Run alone: bash test_session_bird.sh   (needs root; OKAPI_BGPD or OKAPI_BUILD for okapi)

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/session.sh"
it_begin session-bird
session_suite okapi bird
