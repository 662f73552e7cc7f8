# Peer for bench/perception_peers.sh: R data.table (Debian's r-cran-data.table) reads a GDELT
# 2.0 export (61 tab-separated columns, no header) with fread and aggregates it by month and
# directed actor-country dyad: events, mentions, mention-weighted tone, mean Goldstein score,
# QuadClass counts. Usage: Rscript perception_datatable.R INPUT OUTPUT.csv
suppressMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)
setDTthreads(2)
started <- Sys.time()
# Columns (1-based): 2 SQLDATE, 8 Actor1CountryCode, 18 Actor2CountryCode, 30 QuadClass,
# 31 GoldsteinScale, 32 NumMentions, 35 AvgTone.
events <- fread(args[1], sep = "\t", header = FALSE, quote = "",
                select = c(2L, 8L, 18L, 30L, 31L, 32L, 35L),
                col.names = c("date", "source", "target", "quad", "goldstein", "mentions", "tone"),
                colClasses = list(character = c(8L, 18L)), na.strings = "")
events[, period := date %/% 100L]
result <- events[, .(events = .N, mentions = sum(mentions),
                     tone = sum(mentions * tone) / sum(mentions),
                     goldstein = mean(goldstein, na.rm = TRUE),
                     q1 = sum(quad == 1L), q2 = sum(quad == 2L),
                     q3 = sum(quad == 3L), q4 = sum(quad == 4L)),
                 by = .(period, source, target)]
fwrite(result, args[2])
cat(sprintf("data.table: %d events, %d groups in %.2f s\n", nrow(events), nrow(result),
            as.numeric(difftime(Sys.time(), started, units = "secs"))))
