# index_build gives the command line's files byte for byte, in memory; from COINr's iData and
# iMeta it gives the scores of the ASEM example spec.

test_that("index_build equals the command line byte for byte and writes nothing without out", {
  spec <- file.path(checkout(), "examples", "asem.toml")
  data <- data_dir()
  out <- tempfile("cli-")
  on.exit(unlink(out, recursive = TRUE))
  run_cli("index", "build", spec, "--data", data, "--out", out)
  work <- tempfile("cwd-")
  dir.create(work)
  old <- setwd(work)
  r <- index_build(spec, data = data)
  setwd(old)
  expect_identical(list.files(work, recursive = TRUE, all.files = TRUE), character())
  expect_null(attr(r, "out"))
  files <- attr(r, "files")
  # results.json says when it was made; all else is the same, byte for byte.
  undated <- function(bytes) sub('"generated": "[^"]*"', '"generated": ""', rawToChar(bytes))
  expect_identical(undated(files[["results.json"]]), undated(read_bytes(file.path(out, "results.json"))))
  expect_match(rawToChar(files[["report.html"]]), "^<!(DOCTYPE|doctype) html>")
  for (name in c("scores.csv", "coverage.csv", "audit.json",
                 file.path("datasets", c("Raw", "Denominated", "Imputed", "Screened", "Treated",
                                         "Normalised", "Aggregated"), fsep = "/") |> paste0(".csv"))) {
    expect_identical(files[[name]], read_bytes(file.path(out, name)), label = name)
  }
  expect_s3_class(r$scores, "data.frame")
  expect_identical(names(r$scores), c("unit", "code", "level", "score", "rank"))
  top <- r$scores[r$scores$code == "Index" & r$scores$rank == 1, ]
  expect_identical(top$unit, "CHE")
  expect_equal(top$score, 68.38, tolerance = 1e-4)
  expect_type(r$scores$rank, "integer")
  expect_type(r$datasets$Normalised$LPI, "double")
  expect_identical(r$json$units, 51L)
})

test_that("out= writes the files and reads them back", {
  out <- tempfile("r-")
  on.exit(unlink(out, recursive = TRUE))
  r <- index_build(file.path(checkout(), "examples", "asem.toml"), data = data_dir(), out = out)
  expect_true(file.exists(file.path(out, "scores.csv")))
  expect_identical(attr(r, "files")[["scores.csv"]], read_bytes(file.path(out, "scores.csv")))
  expect_identical(nrow(r$scores), 561L)
})

asem_steps <- list(
  denominate = list(), impute = list(method = "group_mean", group = "EurAsia_group"),
  screen = list(by = "na", threshold = 0.9),
  treat = list(method = "winsorise", winmax = 5L, skew = 2, kurtosis = 3.5, fallback = "log"),
  normalise = list(method = "minmax", range = c(0L, 100L)), aggregate = list(method = "arithmetic"))

test_that("index_build from COINr's iData and iMeta gives the scores of the ASEM example spec", {
  data <- data_dir()
  iData <- read.csv(file.path(data, "coinr-asem", "ASEM_iData.csv"), na.strings = "")
  iMeta <- read.csv(file.path(data, "coinr-asem", "ASEM_iMeta.csv"), na.strings = "")
  spec <- coin_spec(iData, iMeta, name = "ASEM", steps = asem_steps,
                    groups = c("GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group"),
                    levels = c("Indicator", "Pillar", "Sub-index", "Index"))
  from_frames <- index_build(spec)
  out <- tempfile("cli-")
  on.exit(unlink(out, recursive = TRUE))
  run_cli("index", "build", file.path(checkout(), "examples", "asem.toml"), "--data", data, "--out", out)
  expect_identical(attr(from_frames, "files")[["scores.csv"]], read_bytes(file.path(out, "scores.csv")))
  expect_identical(attr(from_frames, "files")[["datasets/Aggregated.csv"]],
                   read_bytes(file.path(out, "datasets", "Aggregated.csv")))
  expect_error(index_build(spec, data = data), class = "softpower_error")
})

test_that("a data frame's numbers reach the engine exactly", {
  x <- c(0.1, 1 / 3, 390.799991147468, 1e300, 5e-324, 123456789012345678, NA)
  back <- as.numeric(softpower:::number_text(x))
  expect_identical(back, x)
  # The bytes handed to the engine for a data frame read back as the same frame.
  frame <- data.frame(x = x, n = c(1:6, NA), f = factor(c("a", "b,c", "a", "d\"e", "a", "b,c", NA)),
                      l = c(TRUE, FALSE, NA, TRUE, TRUE, FALSE, TRUE),
                      d = as.Date("2019-01-01") + 0:6, stringsAsFactors = FALSE)
  text <- rawToChar(softpower:::frame_csv(frame))
  read <- utils::read.csv(text = text, na.strings = "", stringsAsFactors = FALSE)
  expect_identical(read$x, x)
  expect_identical(read$n, c(1:6, NA))
  expect_identical(read$f, as.character(frame$f))
  expect_identical(read$l, frame$l)
  expect_identical(read$d, format(frame$d))
  expect_identical(strsplit(text, "\n")[[1]][1], "x,n,f,l,d")
  expect_identical(softpower:::sp_number(c(3, 0.5, 2e6)), c("3", "0.5", "2000000"))
})
