"""Open Contracting Data Standard 1.1.5: releases emitted at each state change of a contracting
process, release and record packages, and the checks that schema validation misses."""
