# Shared by the benchmark scripts (sourced): medians of what they time.

# The median of the numbers on standard input, one per line ("nan" for none).
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

# The median seconds of iterations 2..N of the run in folder $1 (its metrics.jsonl `seconds`: both half-steps with
# their commits, evaluation excluded); the first iteration warms up.
run_median() { awk 'match($0, /"iteration":[0-9]+/) { it = substr($0, RSTART + 12, RLENGTH - 12) } match($0, /"seconds":[0-9.eE+-]+/) { if (it > 1) print substr($0, RSTART + 10, RLENGTH - 10) }' "$1/metrics.jsonl" | median; }

# Results files hold lines "round N LABEL VALUE". The median VALUE of LABEL $1 in file $2:
median_of() { awk -v x="$1" '$3 == x {print $4}' "$2" | median; }

# The median over rounds of LABEL $1's value divided by LABEL $2's in the same round, file $3 (the two may come in
# either order within a round: they are paired once every line is read).
median_round_ratio() { awk -v x="$1" -v y="$2" '$3 == x {v[$2] = $4} $3 == y {w[$2] = $4} END {for (r in v) if (r in w) print v[r] / w[r]}' "$3" | median; }
