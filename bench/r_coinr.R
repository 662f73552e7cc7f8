# COINr's Regen against softpower::index_build on COINr's ASEM example, side by side in one R
# session (bench/README.md, docs/r.md). COINr is not in Debian: install it into a private
# library outside the repository first, e.g. from a checkout of its sources:
#   R CMD INSTALL --no-docs --no-html -l /work/tmp-r/coinr-lib <COINr sources>
#   R_LIBS=<softpower's library>:/work/tmp-r/coinr-lib Rscript bench/r_coinr.R [repeat]
# Prints min / median / max over repetitions, in milliseconds, and the largest difference
# between the two packages' index scores.
suppressPackageStartupMessages({
  library(COINr)
  library(softpower)
})
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "r_common.R"))
invisible(list2env(bench_setup(10L), environment()))  # repeats, root, data, asem

timed <- function(label, call) {
  call()
  ms <- vapply(seq_len(repeats), function(k) system.time(call())[["elapsed"]] * 1000, 0)
  cat(sprintf("%-58s %8.1f / %8.1f / %8.1f ms\n", label, min(ms), median(ms), max(ms)))
}

coin <- build_example_coin(quietly = TRUE)
iData <- read.csv(file.path(data, "coinr-asem", "ASEM_iData.csv"), na.strings = "")
iMeta <- read.csv(file.path(data, "coinr-asem", "ASEM_iMeta.csv"), na.strings = "")
spec <- coin_spec(iData, iMeta, name = "ASEM", steps = list(
  denominate = list(), impute = list(method = "group_mean", group = "EurAsia_group"),
  screen = list(by = "na", threshold = 0.9),
  treat = list(method = "winsorise", winmax = 5L, skew = 2, kurtosis = 3.5, fallback = "log"),
  normalise = list(method = "minmax", range = c(0L, 100L)), aggregate = list(method = "arithmetic")))

cat(sprintf("ASEM (51 units, 49 indicators), min / median / max of %d runs\n", repeats))
timed("COINr::Regen(coin)", function() Regen(coin, quietly = TRUE))
timed("softpower::index_build(asem.toml), in memory", function() index_build(asem, data = data))
timed("softpower::index_build(coin_spec(iData, iMeta, ...))", function() index_build(spec))
build <- index_build(asem, data = data)
cat(sprintf("%-58s %8.1f ms (engine's own time)\n", "  of which the engine", attr(build, "seconds") * 1000))
timed("softpower::index_reweight(asem.toml, weight = 'Conn=2')",
      function() index_reweight(asem, data = data, weight = "Conn=2"))

theirs <- get_results(coin, dset = "Aggregated", tab_type = "Aggs", nround = 15)
ours <- build$scores[build$scores$code == "Index", ]
both <- merge(data.frame(unit = theirs$uCode, coinr = theirs$Index),
              data.frame(unit = ours$unit, softpower = ours$score), by = "unit")
cat(sprintf("index scores of %d units: largest difference %.3g\n", nrow(both),
            max(abs(both$coinr - both$softpower))))
