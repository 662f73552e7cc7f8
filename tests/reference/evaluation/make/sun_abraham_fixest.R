# Sun and Abraham's event study of mpdta by fixest 0.12.2's sunab() (github lrberge/fixest,
# not in Debian: `R CMD INSTALL -l /tmp/Rlib` with dreamerr and stringmagic from their
# repositories), never-treated counties coded as a cohort after the panel, CR1 by county with
# every fixed effect counted (ssc(adj = TRUE, fixef.K = "full", cluster.adj = TRUE), t with
# G - 1 degrees of freedom); fixest's default, fixef.K = "nested", gives smaller errors.
#
#   R_LIBS=/tmp/Rlib Rscript tests/reference/evaluation/make/sun_abraham_fixest.R \
#     ../shared/data/evaluation/mpdta.csv
#
# writes tests/reference/evaluation/mpdta-sa/event_study_fixest.csv.
suppressMessages(library(fixest))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
d$g <- ifelse(d$first.treat == 0, 10000, d$first.treat)
f <- feols(lemp ~ sunab(g, year) | countyreal + year, data = d, cluster = ~countyreal,
           ssc = ssc(adj = TRUE, fixef.K = "full", cluster.adj = TRUE, t.df = "min"))
ct <- coeftable(f)
write.csv(data.frame(event_time = as.numeric(sub("year::", "", rownames(ct))),
                     estimate = ct[, 1], se = ct[, 2], p_value = ct[, 4]),
          "tests/reference/evaluation/mpdta-sa/event_study_fixest.csv", row.names = FALSE,
          quote = FALSE)
