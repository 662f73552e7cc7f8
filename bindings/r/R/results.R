# What an operation gives back in R: a list with one data frame per CSV output (a folder of
# outputs is a list by name: datasets$Normalised), each JSON output as a list, each HTML page
# as text, and the result JSON as `json`. The engine's notes, its own time and the outputs'
# bytes are attributes (log, seconds, files).

# Where a declared output is found in a result: "scores.csv" -> scores, "datasets/x.csv" ->
# datasets$x, "report.html" -> report_html, "audit.json" -> audit.
output_name <- function(file) {
  folder <- dirname(file)
  stem <- tools::file_path_sans_ext(basename(file))
  ext <- tools::file_ext(file)
  if (folder != ".") return(gsub("[-/]", "_", folder))
  stem <- gsub("[-.]", "_", stem)
  if (ext == "html") paste0(stem, "_html") else stem
}

# An output file's bytes as an R value (src/glue.cpp reads them: a CSV table a data frame with
# only an empty cell missing, so Namibia's "NA" stays a country code; JSON a list; text).
read_output <- function(name, bytes) .Call(softpower_read_output, name, bytes)

sp_result <- function(operation, outcome, out, declared) {
  if (is.null(out)) {
    files <- outcome$files
    values <- outcome$outputs
  } else {
    files <- read_folder(out, declared)
    values <- Map(read_output, names(files), files)
  }
  result <- list()
  for (file in if (length(files)) sort(names(files))) {
    where <- output_name(file)
    value <- values[[file]]
    if (dirname(file) != ".") {
      key <- if (tools::file_ext(file) == "csv") tools::file_path_sans_ext(basename(file)) else basename(file)
      if (is.null(result[[where]])) result[[where]] <- list()
      result[[where]][[key]] <- value
    } else {
      result[[where]] <- value
    }
  }
  result$json <- outcome$value
  # attributes<- rather than structure(), which costs a call its microseconds
  attributes(result) <- list(names = names(result), class = "softpower_result",
                             operation = operation, log = outcome$log,
                             seconds = outcome$seconds, files = files, out = out)
  result
}

#' @export
print.softpower_result <- function(x, ...) {
  cat("<softpower result of '", attr(x, "operation"), "'>\n", sep = "")
  message <- if (is.list(x$json)) x$json$message else NULL
  if (length(message) == 1) cat(message, "\n", sep = "")
  for (name in setdiff(names(x), "json")) {
    value <- x[[name]]
    what <- if (is.data.frame(value)) {
      sprintf("data frame, %d rows: %s", nrow(value), paste(names(value), collapse = ", "))
    } else if (is.list(value) && all(vapply(value, is.data.frame, TRUE))) {
      paste("data frames:", paste(names(value), collapse = ", "))
    } else {
      class(value)[1]
    }
    cat("$", name, ": ", what, "\n", sep = "")
  }
  invisible(x)
}

# A declared output name as a regular expression: a part in braces matches one name without /.
declared_pattern <- function(name) {
  parts <- regmatches(name, gregexpr("\\{[^}]*\\}|[^{]+", name))[[1]]
  paste0("^", paste(vapply(parts, function(p) {
    if (startsWith(p, "{")) "[^/]+" else paste0("\\Q", p, "\\E")
  }, ""), collapse = ""), "$")
}

# The declared outputs found in the output folder (the user's own files left out), as bytes.
read_folder <- function(out, declared) {
  patterns <- vapply(Filter(nzchar, vapply(declared, `[[`, "", "name")), declared_pattern, "")
  found <- list.files(out, recursive = TRUE)
  files <- list()
  for (file in found) {
    if (any(vapply(patterns, function(p) grepl(p, file, perl = TRUE), TRUE))) {
      path <- file.path(out, file)
      files[[file]] <- readBin(path, "raw", file.info(path)$size)
    }
  }
  files
}
