# Agreement from unvotes-shaped data frames equals agreement from the shared votes' folder and
# the command line, byte for byte.

votes_frames <- function() {
  dir <- file.path(data_dir(), "un-votes")
  read <- function(file) data.table::fread(file.path(dir, file), na.strings = "", data.table = FALSE)
  votes <- read("un_votes.csv")
  votes$vote <- factor(votes$vote, levels = c("yes", "abstain", "no"))
  calls <- read("un_roll_calls.csv")
  calls$date <- as.Date(calls$date)
  list(votes = votes, calls = calls, issues = read("un_roll_call_issues.csv"))
}

test_that("alignment_agreement of unvotes' frames equals the command line byte for byte", {
  f <- votes_frames()
  keep <- f$calls$rcid[f$calls$session %in% 70:72]
  votes <- f$votes[f$votes$rcid %in% keep, ]
  calls <- f$calls[f$calls$rcid %in% keep, ]
  issues <- f$issues[f$issues$rcid %in% keep, ]
  folder <- tempfile("votes-")
  dir.create(folder)
  on.exit(unlink(folder, recursive = TRUE), add = TRUE)
  softpower:::write_votes(unvotes(votes, calls, issues), function(file, table) {
    writeBin(softpower:::frame_csv(table), file.path(folder, file))
  })
  out <- tempfile("cli-")
  on.exit(unlink(out, recursive = TRUE), add = TRUE)
  run_cli("alignment", "agreement", "--votes", folder, "--out", out)
  expected <- read_bytes(file.path(out, "agreement.csv"))

  before <- list.files(tempdir(), all.files = TRUE, recursive = TRUE)
  from_list <- alignment_agreement(unvotes(votes, calls, issues))
  # The tables went to the engine in memory: not a file was written.
  expect_identical(list.files(tempdir(), all.files = TRUE, recursive = TRUE), before)
  expect_identical(attr(from_list, "files")[["agreement.csv"]], expected)
  joined <- merge(votes, calls, by = "rcid")
  from_joined <- alignment_agreement(joined, by = "session")
  expect_identical(attr(from_joined, "files")[["agreement.csv"]], expected)
  a <- from_joined$agreement
  expect_identical(names(a), c("period", "a", "b", "n", "agree", "s_score", "kappa", "kappa_w", "pi", "alignment"))
  expect_identical(sort(unique(a$period)), 70:72)
  usa_isr <- a[a$period == 71 & ((a$a == "ISR" & a$b == "USA") | (a$a == "USA" & a$b == "ISR")), ]
  expect_identical(nrow(usa_isr), 1L)
  expect_gt(usa_isr$agree, 0.8)
})

test_that("COW codes are taken for a country argument", {
  f <- votes_frames()
  keep <- f$calls$rcid[f$calls$session %in% 70:71]
  votes <- unvotes(f$votes[f$votes$rcid %in% keep, ], f$calls[f$calls$rcid %in% keep, ])
  by_cow <- alignment_agreement(votes, focal = 2)
  by_code <- alignment_agreement(votes, focal = "USA")
  expect_identical(attr(by_cow, "files")[["agreement.csv"]], attr(by_code, "files")[["agreement.csv"]])
  expect_true(all(by_cow$agreement$a == "USA" | by_cow$agreement$b == "USA"))
})
