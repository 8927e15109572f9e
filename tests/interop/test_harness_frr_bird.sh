#!/bin/bash
#
# Harness self-test: FRR (side A) against BIRD (side B), no okapi involved.
# When this fails the harness or the machine is broken, not okapi.
# The scenario (issue 2, "What must be shown") is in session.sh.
# Run alone: bash test_harness_frr_bird.sh   (needs root; OKAPI_BGPD or OKAPI_BUILD for okapi)

. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/session.sh"
it_begin harness-frr-bird
session_suite frr bird
