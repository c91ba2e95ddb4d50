# Shared by the benchmark scripts (sourced): medians of what they time.

# The median of the numbers on standard input, one per line ("nan" for none).
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

# The median seconds of iterations 2..N of the run in folder $1 (its metrics.jsonl `seconds`: both half-steps with
# their commits, evaluation excluded); the first iteration warms up.
run_median() { awk 'match($0, /"iteration":[0-9]+/) { it = substr($0, RSTART + 12, RLENGTH - 12) } match($0, /"seconds":[0-9.eE+-]+/) { if (it > 1) print substr($0, RSTART + 10, RLENGTH - 10) }' "$1/metrics.jsonl" | median; }
