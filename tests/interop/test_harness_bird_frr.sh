#!/bin/bash
#
# Harness self-test: BIRD (side A) against FRR (side B), no okapi involved.
# When this fails the harness or the machine is broken, not okapi.
# The scenario (issue 2, "What must be shown") is in session.sh.
# Run alone: bash test_harness_bird_frr.sh   (needs root; OKAPI_BGPD or OKAPI_BUILD for okapi)

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/session.sh"
it_begin harness-bird-frr
session_suite bird frr
