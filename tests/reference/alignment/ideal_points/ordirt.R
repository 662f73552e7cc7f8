# emIRT's ordIRT (Imai, Lo and Olmsted 2016) on UN General Assembly sessions, for
# tests/alignment/ideal_points_validation_test.cpp: does ordIRT stop short of the posterior
# mode of the model softpower fits? The model is the same: z_ij ~ N(tau_j + beta_j x_i,
# 1 / DD_j), no below 0, abstain in [0, 1), yes above 1 (ordIRT's `tau`, `beta`, `Delta_sq` are
# softpower's a_j, b_j, p_j). The priors are softpower's defaults where ordIRT has them:
# x ~ N(0, 1), (tau, beta) ~ N(0, 25 I); ordIRT puts no prior on DD (softpower: Gamma(1, 0.5)).
#
# Votes: yes 3, abstain 2, no 1, anything else missing (0); the roll calls on which every cast
# vote is the same are dropped and the states are every state with a cast vote in the session,
# as softpower does; states keyed by softpower's registry code (by the vote's year for the
# seats unvotes writes under one code, docs/alignment-data.md, make/un_seat.R).
#
# Starting values (STARTS): "cold", as softpower's own start: x the leading left singular
# vector of the centred matrix (yes 1, abstain 0, no -1), standardised; beta the correlation of
# each roll call with x, tau 0.5, DD 1. Or "random", as emIRT's example: x and beta uniform
# on (-1, 1) (set.seed(session)), tau -0.5, DD 0.5. Or a prefix of two files PREFIX_positions.csv
# (session,country,x) and PREFIX_items.csv (session,rcid,a,b,p): ordIRT started from those
# estimates (softpower_mode_*.csv: softpower's modes). From cold starts ordIRT 0.0.14 stops R
# with "inv_sympd(): matrix is singular or not positive definite" on sessions 45, 60 and 74:
# its precision step uses the square of the previous iteration's beta with the new beta, so
# a first step that moves beta far makes the residual sum, hence DD, negative.
#
# emIRT is not a Debian package: install it from its source into a private library outside
# the repository (needs Rcpp and RcppArmadillo), e.g. for emIRT 0.0.14 (github
# kosukeimai/emIRT, commit 0c44ded):
#   R CMD INSTALL -l /tmp/emirt-lib emIRT
# Usage (from the repository's root):
#   R_LIBS=/tmp/emirt-lib Rscript tests/reference/alignment/ideal_points/ordirt.R \
#     ../shared/data/un-votes MAXIT THRESH STARTS OUT_PREFIX 25 45 60 74
# writes OUT_PREFIX_positions.csv (session,country,x) and OUT_PREFIX_items.csv
# (session,rcid,a,b,p), oriented so that the United States is positive.

suppressMessages(library(emIRT))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 6) {
  stop("usage: ordirt.R UN_VOTES_FOLDER MAXIT THRESH STARTS OUT_PREFIX SESSION...")
}
folder <- args[1]
maxit <- as.integer(args[2])
thresh <- as.numeric(args[3])
start_prefix <- args[4]
prefix <- args[5]
sessions <- as.integer(args[-(1:5)])
if (!(start_prefix %in% c("cold", "random"))) {
  start_x <- read.csv(paste0(start_prefix, "_positions.csv"), stringsAsFactors = FALSE,
                      na.strings = "")
  start_items <- read.csv(paste0(start_prefix, "_items.csv"))
}

# "NA" is Namibia's ISO-2 code: only an empty field is missing.
votes <- read.csv(file.path(folder, "un_votes.csv"), na.strings = "", stringsAsFactors = FALSE)
calls <- read.csv(file.path(folder, "un_roll_calls.csv"), na.strings = "", stringsAsFactors = FALSE)
registry <- read.csv("src/softpower/core/countries.csv", na.strings = "", stringsAsFactors = FALSE)
year_of <- setNames(as.integer(substr(calls$date, 1, 4)), calls$rcid)

source("tests/reference/alignment/make/un_seat.R")

positions <- list()
items <- list()
for (session in sessions) {
  rcids <- sort(calls$rcid[calls$session == session])
  v <- votes[votes$rcid %in% rcids & votes$vote %in% c("yes", "abstain", "no"), ]
  v$code <- mapply(un_seat, v$country_code, v$country, year_of[as.character(v$rcid)],
                   MoreArgs = list(registry = registry), USE.NAMES = FALSE)
  if (any(is.na(v$code))) stop("ISO-2 codes missing from the registry")
  states <- sort(unique(v$code))
  y <- matrix(0, nrow = length(states), ncol = length(rcids),
              dimnames = list(states, as.character(rcids)))
  y[cbind(match(v$code, states), match(v$rcid, rcids))] <-
    c(no = 1, abstain = 2, yes = 3)[v$vote]
  varies <- apply(y, 2, function(col) length(unique(col[col > 0])) > 1)
  y <- y[, varies, drop = FALSE]

  centred <- ifelse(y == 0, NA, y - 2)
  centred <- sweep(centred, 2, colMeans(centred, na.rm = TRUE))
  centred[is.na(centred)] <- 0
  x0 <- svd(centred, nu = 1, nv = 0)$u[, 1]
  x0 <- (x0 - mean(x0)) / sd(x0)
  b0 <- apply(centred, 2, function(col) if (sd(col) > 0) cor(col, x0) else 0)
  starts <- list(x = matrix(x0, ncol = 1), beta = matrix(b0, ncol = 1),
                 tau = matrix(0.5, ncol(y), 1), DD = matrix(1, ncol(y), 1))
  if (start_prefix == "random") {
    set.seed(session)
    starts <- list(x = matrix(runif(nrow(y), -1, 1), ncol = 1),
                   beta = matrix(runif(ncol(y), -1, 1), ncol = 1),
                   tau = matrix(-0.5, ncol(y), 1), DD = matrix(0.5, ncol(y), 1))
  } else if (start_prefix != "cold") {
    sx <- start_x[start_x$session == session, ]
    si <- start_items[start_items$session == session, ]
    row <- match(rownames(y), sx$country)
    col <- match(as.integer(colnames(y)), si$rcid)
    if (anyNA(row) || anyNA(col)) stop("the starting values miss states or roll calls")
    starts <- list(x = matrix(sx$x[row], ncol = 1), beta = matrix(si$b[col], ncol = 1),
                   tau = matrix(si$a[col], ncol = 1), DD = matrix(si$p[col], ncol = 1))
  }
  priors <- list(x = list(mu = matrix(0, 1, 1), sigma = matrix(1, 1, 1)),
                 beta = list(mu = matrix(0, 2, 1), sigma = diag(25, 2)))
  began <- Sys.time()
  # The body of emIRT's ordIRT() without its naming of the results: at commit 0c44ded it names
  # the rows of vars$x, which the C++ code returns as one number, and stops with "length of
  # 'dimnames' [1] not equal to array extent" after the fit.
  fit <- .Call("ordIRT_estimate", PACKAGE = "emIRT", starts$tau, starts$DD, starts$beta,
               starts$x, y, priors$x$mu, priors$x$sigma, priors$beta$mu, priors$beta$sigma,
               1L, 1L, FALSE, maxit, thresh, 50L)
  seconds <- as.numeric(Sys.time() - began, units = "secs")
  x <- fit$means$x[, 1]
  b <- fit$means$beta[, 1]
  if (x[states == "USA"] < 0) {
    x <- -x
    b <- -b
  }
  positions[[length(positions) + 1]] <-
    data.frame(session = session, country = states, x = sprintf("%.10g", x))
  items[[length(items) + 1]] <-
    data.frame(session = session, rcid = colnames(y), a = sprintf("%.10g", fit$means$tau[, 1]),
               b = sprintf("%.10g", b), p = sprintf("%.10g", fit$means$Delta_sq[, 1]))
  message(sprintf("emIRT %s, R %s: session %d, %d states x %d roll calls, %d iterations, conv %d, %.1f s",
                  packageVersion("emIRT"), getRversion(), session, nrow(y), ncol(y),
                  fit$runtime$iters, fit$runtime$conv, seconds))
}
write.csv(do.call(rbind, positions), paste0(prefix, "_positions.csv"), row.names = FALSE,
          quote = FALSE)
write.csv(do.call(rbind, items), paste0(prefix, "_items.csv"), row.names = FALSE, quote = FALSE)
