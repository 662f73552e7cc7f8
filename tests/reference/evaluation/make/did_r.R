# Reference values of the DiD estimators (docs/evaluation-did.md), by base R with Debian's
# r-cran-sandwich: lm with factor dummies, sandwich::vcovCL(type = "HC1") clustered by unit,
# which is CR1 = G/(G-1) * (n-1)/(n-k) with every dummy counted in k.
#
#   Rscript tests/reference/evaluation/make/did_r.R ../shared/data/evaluation/mpdta.csv
#
# The event study is written twice: every event time, and the window -2..1 (leads 2, lags 1).
#
# writes tests/reference/evaluation/simulated-did/panel.csv (the simulated panel, made once
# here with R's set.seed(15)), simulated-did/expected.csv, simulated-did/wild.csv and
# mpdta-did/expected.csv. p-values use Student's t with G - 1 degrees of freedom.
suppressMessages(library(sandwich))
args <- commandArgs(trailingOnly = TRUE)
mpdta <- read.csv(args[1])
out <- "tests/reference/evaluation"

fit_row <- function(model, fit, terms, cluster) {
  v <- vcovCL(fit, cluster = cluster, type = "HC1")
  G <- length(unique(cluster))
  b <- coef(fit)[terms]
  se <- sqrt(diag(v)[terms])
  data.frame(model = model, term = names(terms), estimate = unname(b), se = unname(se),
             p_value = unname(2 * pt(-abs(b / se), G - 1)))
}

models <- function(d, unit, time, y, cohort, two_by_two_cohort) {
  d$D <- as.numeric(d[[cohort]] != 0 & d[[time]] >= d[[cohort]])
  d$u <- factor(d[[unit]])
  d$tt <- factor(d[[time]])
  d$y <- d[[y]]
  twfe <- lm(y ~ u + tt + D, data = d)
  rows <- fit_row("twfe", twfe, c(treated = "D"), d$u)
  # event study, reference event time -1
  e <- ifelse(d[[cohort]] == 0, NA, d[[time]] - d[[cohort]])
  es_terms <- sort(setdiff(unique(e[!is.na(e)]), -1))
  names_es <- c()
  for (k in es_terms) {
    nm <- paste0("e", ifelse(k < 0, paste0("m", -k), k))
    d[[nm]] <- as.numeric(!is.na(e) & e == k)
    names_es <- c(names_es, nm)
  }
  es <- lm(as.formula(paste("y ~ u + tt +", paste(names_es, collapse = " + "))), data = d)
  terms <- setNames(names_es, as.character(es_terms))
  rows <- rbind(rows, fit_row("event_study", es, terms, d$u))
  # the same with the window -2..1: earlier event times binned into -2, later ones into 1
  eb <- pmin(pmax(e, -2), 1)
  binned <- character(0)
  for (k in c(-2, 0, 1)) {
    nm <- paste0("b", ifelse(k < 0, paste0("m", -k), k))
    d[[nm]] <- as.numeric(!is.na(eb) & eb == k)
    binned <- c(binned, nm)
  }
  esb <- lm(as.formula(paste("y ~ u + tt +", paste(binned, collapse = " + "))), data = d)
  rows <- rbind(rows, fit_row("event_study_binned", esb, setNames(binned, c("-2", "0", "1")), d$u))
  # 2x2 on one cohort and the never treated
  s <- droplevels(d[d[[cohort]] %in% c(0, two_by_two_cohort), ])
  s$treated <- as.numeric(s[[cohort]] != 0)
  s$post <- as.numeric(s[[time]] >= two_by_two_cohort)
  dd <- lm(y ~ treated * post, data = s)
  rows <- rbind(rows, fit_row("did_2x2", dd, c("intercept" = "(Intercept)", treated = "treated",
                                               post = "post", "treated:post" = "treated:post"), s$u))
  rows
}

write_csv <- function(d, path) write.csv(d, path, row.names = FALSE, quote = FALSE)
options(digits = 17)

# The simulated panel: 30 units over 10 periods, cohorts 0 (never), 5 and 8, unit and period
# effects, effects that grow with exposure, normal noise.
set.seed(15)
N <- 30; T <- 10
cohorts <- rep(c(0, 5, 8), length.out = N)
sim <- expand.grid(period = 1:T, unit = 1:N)[, c("unit", "period")]
sim$cohort <- cohorts[sim$unit]
alpha <- rnorm(N, 0, 1); lambda <- cumsum(rnorm(T, 0.2, 0.3))
exposure <- ifelse(sim$cohort > 0 & sim$period >= sim$cohort, sim$period - sim$cohort + 1, 0)
sim$y <- round(alpha[sim$unit] + lambda[sim$period] + 0.5 * exposure + rnorm(N * T, 0, 0.5), 6)
write_csv(sim, file.path(out, "simulated-did/panel.csv"))

write_csv(models(sim, "unit", "period", "y", "cohort", 5),
          file.path(out, "simulated-did/expected.csv"))
write_csv(models(mpdta, "countyreal", "year", "lemp", "first.treat", 2004),
          file.path(out, "mpdta-did/expected.csv"))

# The restricted wild cluster bootstrap of the TWFE coefficient on the first 10 units, every
# one of the 2^10 Rademacher sign vectors: y* = restricted fit + w_g * restricted residual,
# t* from lm and vcovCL as above, p = share of |t*| >= |t| (1 - 1e-9): the signs all +1 and all
# -1 give |t*| = |t| up to rounding, and count.
small <- sim[sim$unit <= 10, ]
small$D <- as.numeric(small$cohort != 0 & small$period >= small$cohort)
small$u <- factor(small$unit); small$tt <- factor(small$period)
full <- lm(y ~ u + tt + D, data = small)
t0 <- coef(full)["D"] / sqrt(vcovCL(full, cluster = small$u, type = "HC1")["D", "D"])
restricted <- lm(y ~ u + tt, data = small)
fitted_r <- fitted(restricted); resid_r <- residuals(restricted)
units <- sort(unique(small$unit))
extreme <- 0
for (signs in 0:(2^10 - 1)) {
  w <- ifelse(bitwAnd(signs, 2^(0:9)) != 0, -1, 1)
  small$ystar <- fitted_r + w[match(small$unit, units)] * resid_r
  f <- lm(ystar ~ u + tt + D, data = small)
  ts <- coef(f)["D"] / sqrt(vcovCL(f, cluster = small$u, type = "HC1")["D", "D"])
  if (abs(ts) >= abs(t0) * (1 - 1e-9)) extreme <- extreme + 1
}
write_csv(data.frame(units = 10, draws = 2^10, t = unname(t0), p_value = extreme / 2^10),
          file.path(out, "simulated-did/wild.csv"))
