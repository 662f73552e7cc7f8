# Callaway and Sant'Anna's ATT(g,t) on mpdta computed by hand, one 2x2 comparison at a time,
# with base R only (no did package), and the four aggregations' point estimates with the
# weights of did's compute.aggte (cohort shares of the units).
#
#   Rscript tests/reference/evaluation/make/cs_by_hand.R ../shared/data/evaluation/mpdta.csv
#
# writes tests/reference/evaluation/mpdta-cs/att_gt_by_hand.csv and aggregate_by_hand.csv for
# both control groups (never, notyet) and both base periods (varying, universal).
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
out <- "tests/reference/evaluation/mpdta-cs"
years <- sort(unique(d$year))
# one row per county, one column per year
wide <- reshape(d[, c("countyreal", "year", "lemp")], idvar = "countyreal", timevar = "year",
                direction = "wide")
cohort <- d$first.treat[match(wide$countyreal, d$countyreal)]
y <- function(year) wide[[paste0("lemp.", year)]]
groups <- sort(unique(cohort[cohort > min(years)]))
share <- sapply(groups, function(g) mean(cohort == g))

cells <- list(); aggs <- list()
for (control in c("never", "notyet")) for (base in c("varying", "universal")) {
  rows <- NULL
  for (g in groups) {
    before_g <- max(years[years < g])
    targets <- if (base == "varying") years[-1] else years
    for (t in targets) {
      b <- if (t >= g || base == "universal") before_g else max(years[years < t])
      if (b == t) { rows <- rbind(rows, data.frame(group = g, time = t, att = 0)); next }
      change <- y(t) - y(b)
      treated <- cohort == g
      controls <- if (control == "never") cohort == 0 else
        (cohort == 0 | (cohort > max(t, b) & cohort != g))
      rows <- rbind(rows, data.frame(group = g, time = t,
                                     att = mean(change[treated]) - mean(change[controls])))
    }
  }
  rows$pg <- share[match(rows$group, groups)]
  cells[[length(cells) + 1]] <- cbind(control = control, base = base, rows[, 1:3])
  post <- rows[rows$group <= rows$time, ]
  wmean <- function(r) sum(r$att * r$pg) / sum(r$pg)
  a <- data.frame(type = "simple", key = NA, estimate = wmean(post))
  ev <- rows$time - rows$group
  dyn <- sapply(sort(unique(ev)), function(e) wmean(rows[ev == e, ]))
  a <- rbind(a, data.frame(type = "dynamic", key = sort(unique(ev)), estimate = dyn),
             data.frame(type = "dynamic", key = NA, estimate = mean(dyn[sort(unique(ev)) >= 0])))
  grp <- sapply(groups, function(g) mean(post$att[post$group == g]))
  a <- rbind(a, data.frame(type = "group", key = groups, estimate = grp),
             data.frame(type = "group", key = NA, estimate = sum(grp * share) / sum(share)))
  cal_t <- years[years >= min(groups)]
  cal <- sapply(cal_t, function(t) wmean(post[post$time == t, ]))
  a <- rbind(a, data.frame(type = "calendar", key = cal_t, estimate = cal),
             data.frame(type = "calendar", key = NA, estimate = mean(cal)))
  aggs[[length(aggs) + 1]] <- cbind(control = control, base = base, a)
}
write.csv(do.call(rbind, cells), file.path(out, "att_gt_by_hand.csv"), row.names = FALSE,
          quote = FALSE, na = "")
write.csv(do.call(rbind, aggs), file.path(out, "aggregate_by_hand.csv"), row.names = FALSE,
          quote = FALSE, na = "")
