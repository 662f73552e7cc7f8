# Sun and Abraham's interaction-weighted event study on mpdta by base R and Debian's
# r-cran-sandwich: lm with county and year dummies and a dummy per cohort x event time
# (e != -1, never-treated counties as controls), sandwich::vcovCL(type = "HC1") by county, and
# beta_e = sum_g w_g delta_{g,e} with w_g the cohorts' shares of the treated counties seen at e,
# se = sqrt(w' V w) with the weights fixed.
#
#   Rscript tests/reference/evaluation/make/sun_abraham_r.R ../shared/data/evaluation/mpdta.csv
#
# writes tests/reference/evaluation/mpdta-sa/cohort_effects.csv and event_study.csv.
suppressMessages(library(sandwich))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
out <- "tests/reference/evaluation/mpdta-sa"
d$e <- ifelse(d$first.treat == 0, NA, d$year - d$first.treat)
cells <- unique(d[!is.na(d$e) & d$e != -1, c("first.treat", "e")])
cells <- cells[order(cells$first.treat, cells$e), ]
names <- character(0)
for (k in seq_len(nrow(cells))) {
  nm <- sprintf("c%d_%s", cells$first.treat[k], sub("-", "m", cells$e[k]))
  d[[nm]] <- as.numeric(!is.na(d$e) & d$first.treat == cells$first.treat[k] & d$e == cells$e[k])
  names <- c(names, nm)
}
fit <- lm(as.formula(paste("lemp ~ factor(countyreal) + factor(year) +",
                           paste(names, collapse = " + "))), data = d)
V <- vcovCL(fit, cluster = ~countyreal, type = "HC1")[names, names]
delta <- coef(fit)[names]
write.csv(data.frame(cohort = cells$first.treat, event_time = cells$e, estimate = unname(delta),
                     se = unname(sqrt(diag(V)))),
          file.path(out, "cohort_effects.csv"), row.names = FALSE, quote = FALSE)
size <- table(d$first.treat[d$year == min(d$year)])
G <- length(unique(d$countyreal))
rows <- NULL
for (e in sort(unique(cells$e))) {
  w <- rep(0, length(names))
  here <- which(cells$e == e)
  n_g <- as.numeric(size[as.character(cells$first.treat[here])])
  w[here] <- n_g / sum(n_g)
  b <- sum(w * delta); se <- sqrt(drop(t(w) %*% V %*% w))
  rows <- rbind(rows, data.frame(event_time = e, estimate = b, se = se,
                                 p_value = 2 * pt(-abs(b / se), G - 1)))
}
write.csv(rows, file.path(out, "event_study.csv"), row.names = FALSE, quote = FALSE)
