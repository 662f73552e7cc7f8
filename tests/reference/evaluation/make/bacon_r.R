# The Goodman-Bacon decomposition of mpdta's and the simulated panel's TWFE coefficient by the
# R package bacondecomp 0.1.3 (github evanjflack/bacondecomp; not in Debian), which needs
# fixest 0.12.2 (github lrberge/fixest), both `R CMD INSTALL -l /tmp/Rlib` on Debian's R with
# dreamerr and stringmagic from their repositories:
#
#   R_LIBS=/tmp/Rlib Rscript tests/reference/evaluation/make/bacon_r.R \
#     ../shared/data/evaluation/mpdta.csv
#
# writes tests/reference/evaluation/mpdta-bacon/comparisons.csv and simulated.csv: treated and
# control cohort (0 for the never treated), bacondecomp's type, estimate and weight.
suppressMessages(library(bacondecomp))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
out <- "tests/reference/evaluation/mpdta-bacon"
decompose <- function(d, y, unit, time, cohort) {
  d$D <- as.numeric(d[[cohort]] != 0 & d[[time]] >= d[[cohort]])
  d$y <- d[[y]]
  b <- bacon(y ~ D, data = d, id_var = unit, time_var = time, quietly = TRUE)
  never <- !is.finite(b$untreated) | b$untreated == 99999
  data.frame(treated = b$treated, control = ifelse(never, 0, b$untreated), type = b$type,
             estimate = b$estimate, weight = b$weight)
}
write.csv(decompose(d, "lemp", "countyreal", "year", "first.treat"),
          file.path(out, "comparisons.csv"), row.names = FALSE, quote = FALSE)
sim <- read.csv("tests/reference/evaluation/simulated-did/panel.csv")
write.csv(decompose(sim, "y", "unit", "period", "cohort"),
          file.path(out, "simulated.csv"), row.names = FALSE, quote = FALSE)
