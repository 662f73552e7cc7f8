# The package's sources generated from the engine's declarations (tools/generate.R writes them;
# tests/testthat/test-drift.R and the ctest r_package_drift fail when they differ): one R
# function per declared operation (R/operations.R), its help page (man/<function>.Rd) and the
# NAMESPACE. Nothing here knows an operation by name.

# base R's attached packages: an operation named like one of their functions gets the prefix
# sp_ (softpower's `simulate` would hide stats::simulate).
attached_exports <- function() {
  unlist(lapply(c("base", "stats", "utils", "methods", "graphics", "grDevices"),
                function(p) getNamespaceExports(p)))
}

r_reserved <- c("if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE",
                "FALSE", "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "in")

# The R name of a declared parameter: dashes to underscores, a reserved word gets "_".
r_param <- function(name) {
  name <- gsub("-", "_", name)
  if (name %in% r_reserved) paste0(name, "_") else name
}

# The R function of a declared operation: "index build" -> index_build.
r_function <- function(name, taken = attached_exports()) {
  fn <- gsub("[ -]", "_", name)
  if (fn %in% taken) paste0("sp_", fn) else fn
}

# The parameters in the function's order: the declared positional ones first.
ordered_params <- function(op) {
  positional <- vapply(op$params, function(p) isTRUE(p$positional), TRUE)
  c(op$params[positional], op$params[!positional])
}

r_string <- function(x) encodeString(x, quote = "\"")

# A parameter's default as R source, or NULL when it has none (required).
r_default <- function(p) {
  if (identical(p$role, "output folder")) return("NULL")
  if (p$type == "flag") return(if (identical(p$default, "true")) "TRUE" else "FALSE")
  if (p$type == "choice") {
    if (is.null(p$default)) return(if (isTRUE(p$required)) NULL else "NULL")
    choices <- c(p$default, setdiff(unlist(p$choices), p$default))
    return(paste0("c(", paste(vapply(choices, r_string, ""), collapse = ", "), ")"))
  }
  if (isTRUE(p$required) && is.null(p$default)) return(NULL)
  if (is.null(p$default)) return("NULL")
  if (p$type %in% c("integer", "number") && !is.na(suppressWarnings(as.numeric(p$default)))) {
    return(p$default)
  }
  r_string(p$default)
}

formals_text <- function(op) {
  vapply(ordered_params(op), function(p) {
    d <- r_default(p)
    if (is.null(d)) r_param(p$name) else paste(r_param(p$name), "=", d)
  }, "")
}

function_source <- function(op, fn) {
  params <- ordered_params(op)
  lines <- c(sprintf("%s <- function(%s) {", fn, paste(formals_text(op), collapse = ", ")))
  for (p in params) {
    if (p$type == "choice") {
      lines <- c(lines, sprintf("  %s <- sp_choice(%s, c(%s), %s, %s)", r_param(p$name), r_param(p$name),
                                paste(vapply(unlist(p$choices), r_string, ""), collapse = ", "),
                                r_string(p$name), r_string(op$name)))
    }
  }
  folder <- Find(function(p) identical(p$role, "output folder"), params)
  values <- paste(vapply(params, function(p) sprintf("%s = %s", r_string(p$name), r_param(p$name)), ""),
                  collapse = ", ")
  lines <- c(lines, sprintf("  sp_run(%s, list(%s)%s)", r_string(op$name), values,
                            if (is.null(folder)) "" else paste0(", out = ", r_param(folder$name))),
             "}")
  paste(lines, collapse = "\n")
}

rd_escape <- function(x) {
  x <- gsub("\\\\", "\\\\\\\\", x)
  x <- gsub("%", "\\\\%", x)
  x <- gsub("\\{", "\\\\{", x)
  gsub("\\}", "\\\\}", x)
}

param_doc <- function(p) {
  kind <- p$type
  if (!is.null(p$role) && p$role != "value") kind <- paste0(kind, " (", p$role, ")")
  parts <- kind
  if (!is.null(p$minimum) || !is.null(p$maximum)) {
    parts <- c(parts, paste("between", format(p$minimum), "and", format(p$maximum)))
  }
  if (!is.null(p$choices)) parts <- c(parts, paste("one of:", paste(unlist(p$choices), collapse = ", ")))
  if (!is.null(p$builtins)) parts <- c(parts, paste("or a built-in:", paste(unlist(p$builtins), collapse = ", ")))
  if (isTRUE(p$required) && !identical(p$role, "output folder")) {
    parts <- c(parts, "required")
  } else if (!is.null(p$default)) {
    parts <- c(parts, paste("default", p$default))
  }
  help <- p$help
  if (identical(p$role, "output folder")) help <- paste0(help, ". Without it nothing is written: the outputs are kept in memory")
  if (identical(p$role, "input file") && p$type == "path" && grepl("CSV", p$help)) help <- paste0(help, ". A data frame may be given instead")
  if (identical(p$name, "votes") && identical(p$role, "input folder")) help <- paste0(help, ". A data frame of unvotes' un_votes joined with un_roll_calls, or unvotes(), may be given instead")
  if (identical(p$role, "country code")) help <- paste0(help, ". A number is taken as a COW code (from_cow())")
  if (identical(p$role, "input file") && identical(p$name, "spec")) help <- paste0(help, ". A spec made by coin_spec() may be given instead")
  paste0(paste(parts, collapse = ", "), ". ", help, ".")
}

output_doc <- function(f) {
  name <- if (nzchar(f$name)) f$name else "(the file out names)"
  where <- if (nzchar(f$name)) output_name(f$name) else NULL
  if (!is.null(where) && dirname(f$name) != ".") where <- paste0(where, "$...")
  text <- paste0(rd_escape(f$summary), " (", rd_escape(name), ")")
  if (length(f$columns)) text <- paste0(text, ". Columns: \\code{", rd_escape(paste(unlist(f$columns), collapse = ", ")), "}")
  if (!is.null(f$when)) text <- paste0(text, ". Only with \\code{", r_param(f$when), "}")
  if (is.null(where)) return(paste0("  \\item{(file)}{", text, "}"))
  paste0("  \\item{\\code{", rd_escape(where), "}}{", text, "}")
}

rd_source <- function(op, fn) {
  params <- ordered_params(op)
  usage <- sprintf("%s(%s)", fn, paste(formals_text(op), collapse = ", "))
  required <- Filter(function(p) is.null(r_default(p)), params)
  call <- sprintf("%s(%s)", fn, paste(vapply(required, function(p) {
    sprintf("%s = %s", r_param(p$name), r_string(toupper(r_param(p$name))))
  }, ""), collapse = ", "))
  description <- if (nzchar(op$help)) op$help else op$summary
  c("% Generated by tools/generate.R from the engine's declaration of this operation: do not edit.",
    sprintf("\\name{%s}", fn), sprintf("\\alias{%s}", fn),
    sprintf("\\title{%s}", rd_escape(op$summary)),
    "\\usage{", rd_escape(usage), "}",
    if (length(params)) c("\\arguments{",
      vapply(params, function(p) sprintf("  \\item{%s}{%s}", r_param(p$name), rd_escape(param_doc(p))), ""),
      "}"),
    "\\description{", rd_escape(description), "",
    sprintf("The command line's \\code{softpower %s}; see the engine's documentation (docs/ in the repository) for its method.", rd_escape(op$name)),
    "}",
    "\\value{",
    paste0("A list of class \\code{softpower_result}: one data frame per CSV output (a folder of outputs is a list of data frames by name), ",
           "each JSON output as a list, each HTML page as text, and \\code{json}, the operation's JSON result; ",
           "attributes \\code{log} (the engine's notes), \\code{seconds} (its own time) and \\code{files} (every output's bytes)."),
    if (length(op$outputs)) c("\\describe{", vapply(op$outputs, output_doc, ""), "}"),
    "}",
    "\\examples{",
    sprintf("# softpower %s", op$name),
    sprintf("names(formals(%s))", fn),
    "\\dontrun{",
    sprintf("result <- %s", rd_escape(call)),
    "names(result)",
    "}",
    "}")
}

# Every generated file: path inside the package -> text.
generate_sources <- function(json = operations(json = TRUE)) {
  ops <- jsonlite::fromJSON(json, simplifyVector = FALSE)$operations
  taken <- attached_exports()
  fns <- vapply(ops, function(op) r_function(op$name, taken), "")
  header <- c("# Generated by tools/generate.R from the engine's operation declarations: do not edit.",
              "# One function per declared operation (docs/r.md); tests/testthat/test-drift.R checks it.", "")
  code <- c(header, unlist(lapply(seq_along(ops), function(k) c(function_source(ops[[k]], fns[k]), ""))))
  files <- list("R/operations.R" = paste0(paste(code, collapse = "\n"), ""))
  for (k in seq_along(ops)) {
    files[[paste0("man/", fns[k], ".Rd")]] <- paste(rd_source(ops[[k]], fns[k]), collapse = "\n")
  }
  exports <- sort(c(fns, "coin_spec", "from_cow", "operations", "unvotes"))
  files[["NAMESPACE"]] <- paste(c(
    "# Generated by tools/generate.R: do not edit.",
    "useDynLib(softpower, .registration = TRUE)",
    "importFrom(Rcpp, evalCpp)",
    sprintf("export(%s)", exports),
    "S3method(print, softpower_result)",
    "S3method(print, softpower_spec)"), collapse = "\n")
  lapply(files, function(text) paste0(text, "\n"))
}

# A choice argument checked as match.arg does, with an error that names the parameter.
sp_choice <- function(value, choices, name, operation) {
  if (is.null(value)) return(NULL)
  if (identical(value, choices) || (length(value) > 1 && setequal(value, choices))) return(value[1])
  found <- if (is.character(value) && length(value) == 1) pmatch(value, choices) else NA
  if (is.na(found)) {
    sp_stop(sprintf("--%s: must be one of %s, not %s", name, paste(choices, collapse = ", "),
                    paste(format(value), collapse = ", ")), operation, r_param(name))
  }
  choices[found]
}
