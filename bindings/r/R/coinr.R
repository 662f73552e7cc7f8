# COINr's iData and iMeta as softpower's spec and data (docs/r.md): the framework, directions,
# weights, units, targets and denominators of iMeta become the spec's [[aggregate]] and
# [[indicator]] tables, and iData the data of the `asem` reader (the layout of COINr's own
# example data), which the spec names.

# TOML values: text quoted, numbers in their shortest exact form, vectors as arrays.
toml_value <- function(x) {
  if (is.list(x)) {
    return(paste0("{ ", paste(names(x), vapply(x, toml_value, ""), sep = " = ", collapse = ", "), " }"))
  }
  one <- if (is.logical(x)) {
    ifelse(x, "true", "false")
  } else if (is.numeric(x)) {
    number_text(x)
  } else {
    text <- gsub("\\\\", "\\\\\\\\", as.character(x))
    paste0("\"", gsub("\"", "\\\\\"", text), "\"")
  }
  if (length(x) == 1 && !inherits(x, "AsIs")) one else paste0("[", paste(one, collapse = ", "), "]")
}

toml_table <- function(header, values) {
  values <- values[!vapply(values, function(v) is.null(v) || (length(v) == 1 && is.atomic(v) && is.na(v)), TRUE)]
  c(header, paste(names(values), vapply(values, toml_value, ""), sep = " = "), "")
}

group_columns <- c("GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group")

#' A softpower index spec from COINr's iData and iMeta
#'
#' Moves a COINr index over: `iMeta`'s framework (levels, parents, directions, weights, units,
#' targets, denominators) becomes the spec's aggregates and indicators, `iData` its data, and
#' `steps` the pipeline COINr's `Denominate`, `Impute`, `Screen`, `Treat`, `Normalise` and
#' `Aggregate` would run (docs/index-spec.md). Give the result as `spec` to [index_build()],
#' [index_uncertainty()], [index_sensitivity()], [index_reach()] or [index_reweight()]: the spec
#' and its data are handed to the engine in memory for the call, nothing written to disk.
#'
#' The data are read by the engine's reader of COINr's example layout (`asem`): unit codes
#' (`uCode`) must be ISO 3166 alpha-3 codes; of the group columns, `GDP_group`,
#' `GDPpc_group`, `Pop_group` and `EurAsia_group` are carried (others are left out); every
#' other numeric column must be described in `iMeta` (an indicator or a denominator).
#'
#' @param iData COINr's iData: `uCode`, optionally `uName`, `Time` and group columns, and one
#'   numeric column per indicator and denominator.
#' @param iMeta COINr's iMeta: `Level, iCode, iName, Direction, Weight, Type` and optionally
#'   `Unit, Target, Denominator, Parent`.
#' @param name The index's name.
#' @param year The year to build (default: the latest `Time` in iData).
#' @param steps The pipeline, a named list in order: each step's settings (a list, possibly
#'   empty), e.g. `list(denominate = list(), impute = list(method = "group_mean", group =
#'   "EurAsia_group"), normalise = list(method = "minmax", range = c(0, 100)), aggregate =
#'   list(method = "arithmetic"))`.
#' @param groups Group columns to rank within (`[index] groups`).
#' @param levels Names of the levels, from the indicators up.
#' @return An object of class `softpower_spec`: `toml` (the spec's text) and `files` (its data).
#' @examples
#' iMeta <- data.frame(
#'   Level = c(1, 1, 2), iCode = c("a", "b", "Index"), iName = c("A", "B", "The index"),
#'   Direction = c(1, -1, 1), Weight = 1, Parent = c("Index", "Index", NA),
#'   Type = c("Indicator", "Indicator", "Aggregate"))
#' iData <- data.frame(uCode = c("FRA", "DEU", "ITA"), Time = 2020, a = c(1, 2, 3), b = c(3, 1, 2))
#' cat(coin_spec(iData, iMeta, name = "Example")$toml, sep = "\n")
#' @export
coin_spec <- function(iData, iMeta, name = "COINr index", year = NULL,
                      steps = list(normalise = list(method = "minmax", range = c(0, 100)),
                                   aggregate = list(method = "arithmetic")),
                      groups = NULL, levels = NULL) {
  iData <- as.data.frame(iData)
  iMeta <- as.data.frame(iMeta)
  need <- c("Level", "iCode", "Direction", "Weight", "Type")
  missing <- setdiff(need, names(iMeta))
  if (length(missing)) sp_stop(paste0("iMeta: no column ", paste(missing, collapse = ", ")), parameter = "iMeta")
  if (!"uCode" %in% names(iData)) sp_stop("iData: no column uCode", parameter = "iData")
  for (column in c("iName", "Unit", "Target", "Denominator", "Parent")) {
    if (!column %in% names(iMeta)) iMeta[[column]] <- NA
  }
  iMeta$iName[is.na(iMeta$iName)] <- iMeta$iCode[is.na(iMeta$iName)]
  if (!"Time" %in% names(iData)) iData$Time <- if (is.null(year)) as.integer(format(Sys.Date(), "%Y")) else year
  if (is.null(year)) year <- max(iData$Time, na.rm = TRUE)
  if (!"uName" %in% names(iData)) iData$uName <- iData$uCode
  for (g in group_columns) if (!g %in% names(iData)) iData[[g]] <- NA_character_
  values <- iMeta$iCode[iMeta$Type %in% c("Indicator", "Denominator")]
  absent <- setdiff(values, names(iData))
  if (length(absent)) sp_stop(paste0("iData: no column ", paste(absent, collapse = ", "), " (described in iMeta)"), parameter = "iData")
  iData <- iData[, c("uName", "uCode", group_columns, "Time", values), drop = FALSE]
  meta <- iMeta[, c("Level", "iCode", "iName", "Direction", "Weight", "Unit", "Target",
                    "Denominator", "Parent", "Type"), drop = FALSE]

  text <- toml_table("[index]", list(name = name, year = year, groups = if (length(groups)) I(groups) else NULL))
  text <- c(text, toml_table("[data]", list(datasets = I("asem"))))
  if (length(levels)) text <- c(text, toml_table("[levels]", list(names = I(levels))))
  if (length(steps)) {
    text <- c(text, toml_table("[steps]", list(order = I(names(steps)))))
    for (step in names(steps)) {
      if (length(steps[[step]])) text <- c(text, toml_table(paste0("[steps.", step, "]"), steps[[step]]))
    }
  }
  aggregates <- iMeta[iMeta$Type == "Aggregate", , drop = FALSE]
  aggregates <- aggregates[order(-aggregates$Level, seq_len(nrow(aggregates))), , drop = FALSE]
  for (k in seq_len(nrow(aggregates))) {
    a <- aggregates[k, ]
    parent <- if (is.na(a$Parent) || a$Parent == "") NULL else a$Parent
    text <- c(text, toml_table("[[aggregate]]", list(code = a$iCode, name = a$iName, parent = parent,
                                                     weight = a$Weight)))
  }
  indicators <- iMeta[iMeta$Type == "Indicator", , drop = FALSE]
  for (k in seq_len(nrow(indicators))) {
    i <- indicators[k, ]
    denominator <- if (is.na(i$Denominator) || i$Denominator == "") NULL else paste0("asem:", i$Denominator)
    text <- c(text, toml_table("[[indicator]]", list(
      code = i$iCode, name = i$iName, parent = i$Parent, direction = i$Direction,
      weight = i$Weight, unit = if (is.na(i$Unit)) NULL else as.character(i$Unit),
      target = i$Target, denominator = denominator)))
  }
  structure(list(toml = text, files = list("coinr-asem/ASEM_iData.csv" = iData,
                                           "coinr-asem/ASEM_iMeta.csv" = meta)),
            class = "softpower_spec")
}

#' @export
print.softpower_spec <- function(x, ...) {
  cat(x$toml, sep = "\n")
  invisible(x)
}
