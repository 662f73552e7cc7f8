# Writes the package's generated sources (R/operations.R, man/<function>.Rd, NAMESPACE) from the
# engine's operation declarations, as the installed package softpower gives them:
#   Rscript tools/generate.R [PACKAGE_DIR]          # write them
#   Rscript tools/generate.R --check [PACKAGE_DIR]  # exit 1 when they differ (drift)
# The package must be installed (R CMD INSTALL) against the engine being generated for: the
# generator is the package's own generate_sources().
args <- commandArgs(trailingOnly = TRUE)
check <- "--check" %in% args
args <- setdiff(args, "--check")
dir <- if (length(args)) args[1] else "."
files <- softpower:::generate_sources()
stale <- character()
for (path in names(files)) {
  target <- file.path(dir, path)
  now <- if (file.exists(target)) paste(readLines(target, warn = FALSE), collapse = "\n") else NA
  wanted <- sub("\n$", "", files[[path]])
  if (!identical(now, wanted)) stale <- c(stale, path)
  if (!check && !identical(now, wanted)) writeLines(wanted, target, useBytes = TRUE)
}
# A generated help page whose operation is gone.
pages <- list.files(file.path(dir, "man"), pattern = "\\.Rd$")
handwritten <- c("coin_spec.Rd", "from_cow.Rd", "operations.Rd", "unvotes.Rd")
orphans <- setdiff(pages, c(basename(names(files)), handwritten))
for (page in orphans) {
  stale <- c(stale, file.path("man", page))
  if (!check) file.remove(file.path(dir, "man", page))
}
if (length(stale)) {
  cat(if (check) "out of date (run Rscript tools/generate.R):" else "written:", stale, sep = "\n  ")
  cat("\n")
  if (check) quit(status = 1)
} else {
  cat("generated files are up to date\n")
}
