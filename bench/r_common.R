# What the R benchmarks share (bench/r_overhead.R, bench/r_coinr.R): the repetitions (the first
# command-line argument, else `default_repeats`), the checkout, the data and the ASEM spec.
bench_setup <- function(default_repeats) {
  args <- commandArgs(trailingOnly = TRUE)
  script <- sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))
  root <- normalizePath(file.path(dirname(script), ".."))
  list(repeats = if (length(args)) as.integer(args[1]) else default_repeats, root = root,
       data = Sys.getenv("SOFTPOWER_DATA", file.path(root, "..", "shared", "data")),
       asem = file.path(root, "examples", "asem.toml"))
}
