# R values as the engine's argument text, by declared type; data frames as inputs. Data frames
# are handed to the engine in memory, as the bytes of CSV files it reads as it reads files
# (core/input_memory.hpp): nothing is written to disk (docs/r.md).

# One call's tables, named as the engine's "memory:NAME" paths (a name with "/" makes a folder).
sp_inputs <- function() {
  self <- new.env(parent = emptyenv())
  self$tables <- list()
  # Keeps `value` (a data frame, or text for a file such as a spec) as NAME; its path.
  self$put <- function(name, value) {
    self$tables[[name]] <- if (is.character(value)) {
      charToRaw(paste0(paste(value, collapse = "\n"), "\n"))
    } else {
      frame_csv(value)
    }
    paste0("memory:", name)
  }
  self$folder <- function(name) paste0("memory:", name)
  self
}

# A table as the bytes of a CSV file, made by the engine's CSV writer: numbers in the shortest
# text that reads back as the same double, NA as an empty field, factors as their labels,
# dates as ISO 8601 text.
frame_csv <- function(frame) {
  frame <- as.data.frame(frame)
  for (k in seq_along(frame)) {
    column <- frame[[k]]
    if (inherits(column, "Date")) {
      frame[[k]] <- format(column, "%Y-%m-%d")
    } else if (inherits(column, "POSIXt")) {
      frame[[k]] <- format(column, "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")
    }
  }
  .Call(softpower_frame_csv, frame)
}

# Numbers' texts that read back as the same doubles: 15 significant digits where they do, else
# 16 or 17; NA stays NA.
number_text <- function(x) {
  text <- sprintf("%.15g", x)
  finite <- which(is.finite(x))
  for (digits in c(16, 17)) {
    bad <- finite[as.numeric(text[finite]) != x[finite]]
    if (!length(bad)) break
    text[bad] <- sprintf(paste0("%.", digits, "g"), x[bad])
  }
  text[is.na(x)] <- NA_character_
  text
}

# A number's text for an argument, as number_text.
sp_number <- function(x) number_text(as.numeric(x))

is_frame <- function(x) is.data.frame(x)

# The text values of parameter `param` for the R value `value`.
sp_text <- function(param, value, inputs, operation) {
  kind <- param$type
  # The common case first, cheaply: text for a parameter without a role.
  if (is.null(param$role) && is.character(value) && kind != "flag" && kind != "map" && kind != "path") {
    return(value)
  }
  name <- param$name
  role <- if (is.null(param$role)) "value" else param$role
  fail <- function(what) sp_stop(paste0("--", name, ": ", what), operation, r_name(name))
  if (kind == "flag") {
    if (!is.logical(value) || length(value) != 1 || is.na(value)) fail("must be TRUE or FALSE")
    return(if (value) "true" else "false")
  }
  if (kind == "map") {
    if (is.null(names(value)) || any(names(value) == "")) fail("must be a named vector or list")
    return(paste0(names(value), "=", vapply(value, function(v) {
      if (is.numeric(v)) sp_number(v) else as.character(v)
    }, "")))
  }
  if (role %in% c("input file", "input folder", "input file or built-in name")) {
    items <- if (is_frame(value) || inherits(value, "softpower_votes") || kind != "list") list(value) else as.list(value)
    return(vapply(seq_along(items), function(k) sp_path(param, items[[k]], inputs, k), ""))
  }
  if (role == "country code" && is.numeric(value)) return(cow_to_iso3(value))
  if (kind == "path") return(path.expand(as.character(value)))
  if ((kind == "integer" || kind == "number") && is.numeric(value)) return(sp_number(value))
  as.character(value)
}

# A file or folder argument: a path as given, a data frame written as CSV, UN votes (a data
# frame or unvotes()) written as the three tables of the unvotes format.
sp_path <- function(param, value, inputs, index) {
  if (identical(param$name, "votes") && (is_frame(value) || inherits(value, "softpower_votes"))) {
    write_votes(value, function(file, table) inputs$put(file.path("votes", file), table))
    return(inputs$folder("votes"))
  }
  if (is_frame(value)) return(inputs$put(paste0(param$name, "-", index, ".csv"), value))
  path.expand(as.character(value))
}

vote_columns <- c("rcid", "country", "country_code", "vote")
call_columns <- c("rcid", "session", "importantvote", "date", "unres", "amend", "para", "short",
                  "descr")
issue_columns <- c("rcid", "short_name", "issue")

#' UN votes as unvotes gives them
#'
#' The three tables of R's unvotes package (`un_votes`, `un_roll_calls`,
#' `un_roll_call_issues`) as one argument for `votes` of [alignment_agreement()],
#' [alignment_ideal_points()], [alignment_with()], [alignment_bridges()] and
#' [opinion_validity()]. A data frame of `un_votes` joined with `un_roll_calls` by `rcid` may
#' be given to `votes` directly.
#'
#' @param votes `rcid, country, country_code, vote` (vote yes, no or abstain: a factor or text).
#' @param roll_calls `rcid, session, importantvote, date, unres, amend, para, short, descr`
#'   (at least `rcid, session, date`).
#' @param issues `rcid, short_name, issue`, or `NULL`.
#' @return An object of class `softpower_votes`.
#' @examples
#' votes <- data.frame(rcid = c(1, 1), country = c("United States", "Canada"),
#'                     country_code = c("US", "CA"), vote = factor(c("yes", "no")))
#' calls <- data.frame(rcid = 1, session = 1, date = as.Date("1946-01-01"))
#' str(unvotes(votes, calls))
#' @export
unvotes <- function(votes, roll_calls, issues = NULL) {
  structure(list(votes = votes, roll_calls = roll_calls, issues = issues),
            class = "softpower_votes")
}

# UN votes as the three tables of the unvotes format, each given to put(file name, table).
write_votes <- function(value, put) {
  if (is_frame(value)) {
    missing <- setdiff(c(vote_columns, "session", "date"), names(value))
    if (length(missing)) {
      sp_stop(paste0("votes: the data frame has no column ", paste(missing, collapse = ", "),
                     " (un_votes joined with un_roll_calls, as in unvotes; or use unvotes())"),
              parameter = "votes")
    }
    calls <- value[, intersect(call_columns, names(value)), drop = FALSE]
    calls <- calls[!duplicated(calls$rcid), , drop = FALSE]
    issues <- if (all(issue_columns %in% names(value))) value[, issue_columns, drop = FALSE] else NULL
    votes <- unique(value[, vote_columns, drop = FALSE])
  } else {
    votes <- value$votes
    calls <- value$roll_calls
    issues <- value$issues
    for (check in list(list(votes, vote_columns, "votes"), list(calls, c("rcid", "session", "date"), "roll_calls"))) {
      missing <- setdiff(check[[2]], names(check[[1]]))
      if (length(missing)) {
        sp_stop(paste0("votes: unvotes()'s ", check[[3]], " has no column ",
                       paste(missing, collapse = ", ")), parameter = "votes")
      }
    }
    votes <- votes[, vote_columns, drop = FALSE]
    calls <- calls[, intersect(call_columns, names(calls)), drop = FALSE]
  }
  if (is.null(issues)) {
    issues <- data.frame(rcid = integer(), short_name = character(), issue = character())
  } else {
    issues <- unique(issues[!is.na(issues$short_name), issue_columns, drop = FALSE])
  }
  put("un_votes.csv", votes)
  put("un_roll_calls.csv", calls)
  put("un_roll_call_issues.csv", issues)
}

#' Country codes from Correlates of War codes
#'
#' COW state numbers (`ccode`, as peacesciencer and the COW data give them) as softpower's
#' codes (ISO 3166 alpha-3, or softpower's own key for a state that has none), looked up in
#' the engine's country registry. A numeric value given for a country argument (`country`,
#' `focal`, `anchor`, `partners`, ...) is taken as a COW code and converted with this.
#'
#' @param ccode COW codes (numbers).
#' @param year The year the codes are meant in (COW codes are reused), or `NULL`.
#' @return A character vector of softpower codes.
#' @examples
#' from_cow(c(2, 365, 732))
#' from_cow(365, year = 1980)
#' @export
from_cow <- function(ccode, year = NULL) cow_to_iso3(ccode, year)

cow_to_iso3 <- function(ccode, year = NULL) {
  vapply(ccode, function(code) {
    found <- sp_run("countries lookup", list(value = sp_number(code), system = "cow", year = year))
    found$json$code
  }, "", USE.NAMES = FALSE)
}

# Values given as objects that stand for several arguments: a spec made by coin_spec() gives
# the spec file and its data folder.
sp_expand <- function(op, values, inputs) {
  specs <- FALSE
  for (value in values) specs <- specs || (is.list(value) && inherits(value, "softpower_spec"))
  if (!specs) return(values)
  for (param in op$params) {
    value <- values[[param$name]]
    if (!inherits(value, "softpower_spec")) next
    folder <- Find(function(p) identical(p$role, "data folder"), op$params)
    if (!is.null(values[[folder$name]])) {
      sp_stop(paste0("--", folder$name, ": not needed: the spec made by coin_spec() holds its data"),
              op$name, r_name(folder$name))
    }
    for (file in names(value$files)) inputs$put(file.path("data", file), value$files[[file]])
    values[[param$name]] <- inputs$put("spec.toml", value$toml)
    values[[folder$name]] <- inputs$folder("data")
  }
  values
}

# A declared name as an R name: dashes to underscores.
r_name <- function(name) gsub("-", "_", name)
