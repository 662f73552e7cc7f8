# Errors are R conditions of class softpower_error with the engine's one-line message, naming
# the parameter.

test_that("a bad value names the parameter", {
  spec <- file.path(checkout(), "examples", "asem.toml")
  e <- tryCatch(index_uncertainty(spec, data = data_dir(), runs = 1), error = identity)
  expect_s3_class(e, "softpower_error")
  expect_identical(conditionMessage(e), "--runs: must be between 2 and 1000000, not 1")
  expect_identical(e$parameter, "runs")
  expect_identical(e$operation, "index uncertainty")
})

test_that("a bad choice names the parameter, as match.arg would refuse it", {
  e <- tryCatch(alignment_agreement(by = "decade"), error = identity)
  expect_s3_class(e, "softpower_error")
  expect_identical(e$parameter, "by")
  expect_match(conditionMessage(e), "--by: must be one of session, year, not decade", fixed = TRUE)
  expect_identical(formals(alignment_agreement)$by, quote(c("session", "year")))
})

test_that("a bad spec names the file, line and field", {
  spec <- tempfile(fileext = ".toml")
  writeLines(c("[index]", "name = \"x\"", "colour = 3"), spec)
  e <- tryCatch(index_check(spec), error = identity)
  expect_s3_class(e, "softpower_error")
  expect_match(conditionMessage(e), paste0(basename(spec), ":3"), fixed = TRUE)
  expect_match(conditionMessage(e), "colour", fixed = TRUE)
})

test_that("a flag must be TRUE or FALSE and a votes frame needs its columns", {
  e <- tryCatch(alignment_agreement(important = "yes"), error = identity)
  expect_identical(e$parameter, "important")
  e <- tryCatch(alignment_agreement(data.frame(rcid = 1)), error = identity)
  expect_s3_class(e, "softpower_error")
  expect_match(conditionMessage(e), "no column country, country_code, vote, session, date", fixed = TRUE)
})

test_that("COW codes become softpower's codes", {
  expect_identical(from_cow(c(2, 365, 732)), c("USA", "RUS", "KOR"))
  expect_identical(from_cow(365, year = 1980), "SUN")
  expect_error(from_cow(99999), class = "softpower_error")
})
