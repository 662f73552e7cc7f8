# Callaway and Sant'Anna's ATT(g,t) and aggregations of mpdta by their R package did, with
# analytic standard errors (bstrap = FALSE, cband = FALSE) so that they are exact.
#
# did is not in Debian. Made with did 2.5.1 (github bcallaway11/did 71ba8a5), BMisc (d15ae2d),
# DRDID 1.2.3 (654531e, the newest in its repository), fastglm 0.0.3 (40a1d36; its newer
# versions need a newer Rcpp), Rcpp 1.1.2.1, trust, dreamerr, stringmagic, bigmemory(.sri) and
# uuid from their repositories, each `R CMD INSTALL -l /tmp/Rlib`, on Debian's R 4.2.2 and its
# other packages. did's DESCRIPTION asks for DRDID >= 1.3.0 and data.table >= 1.15.4 (Debian
# has 1.14.8): both were lowered to what was there; every ATT(g,t) came out equal to
# make/cs_by_hand.R's to the last digit.
#
#   R_LIBS=/tmp/Rlib Rscript tests/reference/evaluation/make/cs_did_package.R \
#     ../shared/data/evaluation/mpdta.csv
#
# writes tests/reference/evaluation/mpdta-cs/att_gt_did.csv and aggregate_did.csv for both
# control groups (never, notyet) and both base periods (varying, universal).
suppressMessages(library(did))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
out <- "tests/reference/evaluation/mpdta-cs"
cells <- NULL; aggs <- NULL
for (control in c("never", "notyet")) for (base in c("varying", "universal")) {
  cg <- if (control == "never") "nevertreated" else "notyettreated"
  a <- att_gt(yname = "lemp", tname = "year", idname = "countyreal", gname = "first.treat",
              data = d, control_group = cg, base_period = base, bstrap = FALSE, cband = FALSE)
  cells <- rbind(cells, data.frame(control = control, base = base, group = a$group,
                                   time = a$t, att = a$att, se = a$se))
  for (type in c("simple", "dynamic", "group", "calendar")) {
    g <- aggte(a, type = type, bstrap = FALSE, cband = FALSE)
    aggs <- rbind(aggs, data.frame(control = control, base = base, type = type, key = NA,
                                   estimate = g$overall.att, se = g$overall.se))
    if (type != "simple") {
      aggs <- rbind(aggs, data.frame(control = control, base = base, type = type, key = g$egt,
                                     estimate = g$att.egt, se = g$se.egt))
    }
  }
}
options(digits = 15)
write.csv(cells, file.path(out, "att_gt_did.csv"), row.names = FALSE, quote = FALSE, na = "")
write.csv(aggs, file.path(out, "aggregate_did.csv"), row.names = FALSE, quote = FALSE, na = "")
cat("did", as.character(packageVersion("did")), "\n")
