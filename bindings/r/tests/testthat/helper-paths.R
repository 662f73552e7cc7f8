# Where the tests find the checkout (SOFTPOWER_SOURCE_DIR), the command line (SOFTPOWER_CLI,
# else <checkout>/build/softpower) and the shared data (SOFTPOWER_DATA, else ../shared/data
# beside the checkout). Tests that need one skip without it.
checkout <- function() {
  root <- Sys.getenv("SOFTPOWER_SOURCE_DIR")
  if (!nzchar(root) || !file.exists(file.path(root, "examples", "asem.toml"))) skip("SOFTPOWER_SOURCE_DIR is not the checkout")
  normalizePath(root)
}

data_dir <- function() {
  dir <- Sys.getenv("SOFTPOWER_DATA")
  if (!nzchar(dir)) dir <- file.path(checkout(), "..", "shared", "data")
  if (!dir.exists(file.path(dir, "coinr-asem"))) skip("the shared data is not here")
  normalizePath(dir)
}

cli <- function() {
  path <- Sys.getenv("SOFTPOWER_CLI")
  if (!nzchar(path)) path <- file.path(checkout(), "build", "softpower")
  if (!file.exists(path)) skip("no softpower command line")
  path
}

# Runs the command line; fails the test with its output when it fails.
run_cli <- function(...) {
  out <- suppressWarnings(system2(cli(), c(...), stdout = TRUE, stderr = TRUE))
  status <- attr(out, "status")
  if (!is.null(status) && status != 0) fail(paste(out, collapse = "\n"))
  out
}

read_bytes <- function(path) readBin(path, "raw", file.info(path)$size)
