# Ctrl-C stops a long operation: the glue cancels the engine's Progress and passes the
# interrupt on to R, which goes on.

test_that("an interrupt cancels a long run and R goes on", {
  skip_on_os("windows")
  # R handles SIGINT only when it was not ignored at its start (a process started in the
  # background, as R CMD check may start the tests, ignores it): /proc says which it is.
  status <- tryCatch(readLines("/proc/self/status"), error = function(e) character())
  caught <- sub("^SigCgt:\\s*", "", grep("^SigCgt:", status, value = TRUE))
  if (length(caught) != 1 || bitwAnd(strtoi(substring(caught, nchar(caught)), 16L), 2L) == 0) {
    skip("this R process does not handle SIGINT")
  }
  spec <- file.path(checkout(), "examples", "asem.toml")
  data <- data_dir()
  started <- Sys.time()
  # SIGINT to this R process in 2 s, as Ctrl-C sends it; a million runs take minutes.
  system(sprintf("sleep 2; kill -INT %d", Sys.getpid()), wait = FALSE)
  got <- tryCatch(index_uncertainty(spec, data = data, runs = 1000000), interrupt = function(e) "interrupted")
  took <- as.numeric(Sys.time() - started, units = "secs")
  expect_identical(got, "interrupted")
  expect_lt(took, 30)
  expect_identical(nrow(index_build(spec, data = data)$scores), 561L)
})
