# Ideal points of every state in one UN General Assembly session by pscl::ideal (Jackman's
# Bayesian item-response model fitted by Gibbs sampling): an independent fit to compare with
# softpower's ordinal EM estimates (`softpower alignment ideal-points`).
#
# Usage (from the repository's root, with Debian's r-cran-pscl installed):
#   Rscript tests/reference/alignment/make/pscl_ideal.R ../shared/data/un-votes 70 \
#     tests/reference/alignment/ideal-points-session-70.pscl.csv 0
#
# pscl's model is binary: yes = 1, no = 0, and an abstention is ABSTAIN: 0 (yes against the
# rest; the reference files use it) or NA (missing). softpower's ordinal model puts an
# abstention between no and yes; with abstentions missing, the states that abstain most (the
# Western states in sessions of the 2010s) lose most of their information, and on session 70
# the two fits correlate at Pearson 0.90 only, against 0.97 with abstentions as 0. Unanimous roll calls are dropped (lop = 0), as
# softpower drops roll calls on which every state voted alike. States are keyed by the
# softpower registry's code (src/softpower/core/countries.csv, through their ISO-2 code).
# The posterior means are normalised (mean 0, sd 1) and oriented so that the United States
# is positive, as softpower orients its fits.

suppressMessages(library(pscl))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 4) stop("usage: pscl_ideal.R UN_VOTES_FOLDER SESSION OUT_CSV ABSTAIN")
folder <- args[1]
session <- as.integer(args[2])
out <- args[3]
abstain <- if (args[4] == "NA") NA_real_ else as.numeric(args[4])

# "NA" is Namibia's ISO-2 code: only an empty field is missing.
votes <- read.csv(file.path(folder, "un_votes.csv"), na.strings = "", stringsAsFactors = FALSE)
calls <- read.csv(file.path(folder, "un_roll_calls.csv"), na.strings = "", stringsAsFactors = FALSE)
registry <- read.csv("src/softpower/core/countries.csv", na.strings = "", stringsAsFactors = FALSE)

rcids <- sort(calls$rcid[calls$session == session])
v <- votes[votes$rcid %in% rcids, ]
year <- as.integer(substr(min(calls$date[calls$session == session]), 1, 4))
source("tests/reference/alignment/make/un_seat.R")
code <- mapply(un_seat, v$country_code, v$country, year, MoreArgs = list(registry = registry),
               USE.NAMES = FALSE)
if (any(is.na(code))) stop("ISO-2 codes missing from the registry: ",
                           paste(unique(v$country_code[is.na(code)]), collapse = " "))
v$code <- code

states <- sort(unique(v$code))
m <- matrix(NA_real_, nrow = length(states), ncol = length(rcids),
            dimnames = list(states, as.character(rcids)))
value <- ifelse(v$vote == "yes", 1, ifelse(v$vote == "no", 0, abstain))
m[cbind(match(v$code, states), match(v$rcid, rcids))] <- value

rc <- rollcall(m, yea = 1, nay = 0, missing = NA, notInLegis = NULL,
               legis.names = states, vote.names = as.character(rcids))
set.seed(20260101 + session)
fit <- ideal(rc, d = 1, maxiter = 60000, burnin = 10000, thin = 50, normalize = TRUE,
             dropList = list(lop = 0), verbose = FALSE)
x <- fit$xbar[, 1]
if (x["USA"] < 0) x <- -x
result <- data.frame(session = session, country = names(x), x = sprintf("%.6f", x))
write.csv(result, out, row.names = FALSE, quote = FALSE)
message(sprintf("pscl %s, R %s: session %d, %d states, %d roll calls kept of %d",
            packageVersion("pscl"), getRversion(), session, length(x),
            nrow(fit$betabar), length(rcids)))
