# synthdid 0.0.9 in R on Proposition 99, the peer of bench/evaluation_synthdid.cpp: wall time
# of one estimate (sdid, sc; `runs` times each) and of the placebo standard error with 200
# replications (sdid). Run from the repository's root with synthdid in a private library:
#   R_LIBS=/work/rlib-synth Rscript bench/peers/synthdid_prop99.R ../shared/data [runs]
suppressMessages(library(synthdid))
args = commandArgs(trailingOnly = TRUE)
runs = if (length(args) > 1) as.integer(args[2]) else 5
panel = read.csv(file.path(args[1], "evaluation", "california_prop99.csv"), sep = ";")
s = panel.matrices(panel, unit = "State", time = "Year", outcome = "PacksPerCapita",
                   treatment = "treated")
seconds = function(expr) unname(system.time(expr)["elapsed"])
for (name in c("synthdid_estimate", "sc_estimate")) {
  f = get(name)
  t = sapply(1:runs, function(i) seconds(f(s$Y, s$N0, s$T0)))
  cat(sprintf("%s: %.0f-%.0f ms (median %.0f) over %d runs\n", name, 1000 * min(t),
              1000 * max(t), 1000 * median(t), runs))
}
est = synthdid_estimate(s$Y, s$N0, s$T0)
set.seed(1)
t = seconds(se <- sqrt(vcov(est, method = "placebo", replications = 200)))
cat(sprintf("placebo SE (200 replications): %.1f s, SE %.4f\n", t, se))
