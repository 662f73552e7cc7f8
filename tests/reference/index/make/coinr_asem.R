# The complete tables of COINr's example index (build_example_coin(), the ASEM Sustainable
# Connectivity Index): every unit's score and rank for every aggregate, and every dataset the
# build makes, as expected values for softpower's `index build examples/asem.toml`.
#
# COINr is not packaged by Debian. It was installed from the repository's snapshot
# (github.com/bluefoxr/COINr, commit b968203, version 1.1.14) outside the checkout, its
# dependencies from Debian (r-cran-openxlsx, r-cran-rlang, r-cran-ggplot2, r-cran-readxl):
#   git archive ... | tar x -C /tmp/coinr
#   R CMD INSTALL --no-docs --no-html -l /tmp/Rlib /tmp/coinr
# Usage, from the repository's root:
#   R_LIBS=/tmp/Rlib Rscript tests/reference/index/make/coinr_asem.R tests/reference/index
#
# COINr builds from its own copy of the ASEM data (COINr::ASEM_iData, ASEM_iMeta), which
# ../shared/data/coinr-asem holds as CSV files. Numbers are written with 17 significant digits,
# so they read back as the doubles COINr computed.

suppressMessages(library(COINr))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: coinr_asem.R OUT_FOLDER")
out <- args[1]

coin <- build_example_coin(quietly = TRUE)

write_table <- function(df, file) {
  for (col in names(df)) {
    if (is.numeric(df[[col]])) df[[col]] <- ifelse(is.na(df[[col]]), "", sprintf("%.17g", df[[col]]))
  }
  write.csv(df, file.path(out, file), row.names = FALSE, quote = FALSE)
}

# Every dataset the build derives (Raw is the shared data itself): units in rows, uCode and the indicator (and, when aggregated,
# aggregate) columns; the unit names, groups and denominators are left out.
meta <- coin$Meta$Ind
codes <- meta$iCode[meta$Type %in% c("Indicator", "Aggregate")]
for (dset in c("Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated")) {
  df <- coin$Data[[dset]]
  df <- df[order(df$uCode), c("uCode", intersect(codes, names(df)))]
  write_table(df, sprintf("asem-%s.coinr.csv", tolower(dset)))
}

# Scores and ranks of every aggregate, one row per unit and aggregate, as softpower's
# scores.csv: COINr's ranks are those of get_results() (ties get the lowest rank).
aggregates <- meta[meta$Type == "Aggregate", c("iCode", "Level")]
scores <- coin$Data$Aggregated
ranks <- get_results(coin, dset = "Aggregated", tab_type = "Full", use = "ranks")
rows <- list()
for (i in seq_len(nrow(aggregates))) {
  code <- aggregates$iCode[i]
  rows[[i]] <- data.frame(unit = scores$uCode, code = code, level = aggregates$Level[i],
                          score = scores[[code]],
                          rank = ranks[[code]][match(scores$uCode, ranks$uCode)])
}
table <- do.call(rbind, rows)
table <- table[order(table$unit, table$code), ]
write_table(table, "asem-scores.coinr.csv")
cat(sprintf("COINr %s, R %s: %d units, %d aggregates, %d indicators\n",
            packageVersion("COINr"), getRversion(), nrow(scores), nrow(aggregates),
            sum(meta$Type == "Indicator")))
