# Ctrl-C stops a long operation: the glue cancels the engine's Progress and passes the
# interrupt on to R, which goes on. Run in a child R process sent SIGINT as Ctrl-C sends it.

interrupt_script <- function(spec, data) {
  c("library(softpower)",
    # R handles SIGINT only when it was not ignored at its start (a process started in the
    # background ignores it): /proc says which it is.
    "caught <- sub('^SigCgt:\\\\s*', '', grep('^SigCgt:', readLines('/proc/self/status'), value = TRUE))",
    "if (bitwAnd(strtoi(substring(caught, nchar(caught)), 16L), 2L) == 0) { cat('no SIGINT\\n'); quit() }",
    "started <- Sys.time()",
    # R appends " &" to the command: braces put the whole of it in the background, so that
    # system() returns at once and the signal comes 2 s later, inside the run. (Without them
    # the shell slept in the foreground and its kill raced system()'s restoring of R's SIGINT
    # handler: the signal was ignored, or landed before tryCatch and ended the child.)
    "system(sprintf('{ sleep 2; kill -INT %d; }', Sys.getpid()), wait = FALSE)",
    sprintf("got <- tryCatch(index_uncertainty(%s, data = %s, runs = 1000000), interrupt = function(e) 'interrupted')",
            deparse(spec), deparse(data)),
    "cat(if (identical(got, 'interrupted')) 'interrupted' else 'ran', as.numeric(Sys.time() - started, units = 'secs'), '\\n')",
    sprintf("cat('after', nrow(index_build(%s, data = %s)$scores), '\\n')", deparse(spec), deparse(data)))
}

test_that("an interrupt cancels a long run and R goes on", {
  skip_on_os("windows")
  script <- tempfile(fileext = ".R")
  writeLines(interrupt_script(file.path(checkout(), "examples", "asem.toml"), data_dir()), script)
  on.exit(unlink(script))
  rscript <- file.path(R.home("bin"), "Rscript")
  out <- suppressWarnings(system2(rscript, script, stdout = TRUE, stderr = TRUE))
  if (any(grepl("^no SIGINT", out))) skip("this R process does not handle SIGINT")
  line <- grep("^(interrupted|ran) ", out, value = TRUE)
  expect_length(line, 1)
  words <- strsplit(line, " ")[[1]]
  expect_identical(words[1], "interrupted")
  # The signal comes 2 s after the start; uninterrupted, a million runs take minutes.
  expect_lt(as.numeric(words[2]), 10)
  expect_true(any(out == "after 561 "))
})
