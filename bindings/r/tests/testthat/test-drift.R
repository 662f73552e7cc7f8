# The package never drifts from the engine: every declared operation has its function with the
# declared parameters, defaults and choices, and every function of the package is declared.

declared <- function() operations()$operations

test_that("every operation has its function and every function its operation", {
  ops <- declared()
  expect_gte(length(ops), 40)
  fns <- vapply(ops, function(op) softpower:::r_function(op$name), "")
  exported <- getNamespaceExports("softpower")
  helpers <- c("coin_spec", "from_cow", "operations", "unvotes")
  expect_setequal(setdiff(exported, helpers), fns)
  expect_true(all(c("index_build", "alignment_agreement", "evaluate_staggered", "network_build",
                    "alignment_ideal_points", "sp_simulate") %in% fns))
})

test_that("every function's arguments are the declared parameters, in order, with their defaults", {
  for (op in declared()) {
    fn <- get(softpower:::r_function(op$name), envir = asNamespace("softpower"))
    params <- softpower:::ordered_params(op)
    f <- formals(fn)
    expect_identical(as.character(names(f)), vapply(params, function(p) gsub("-", "_", p$name), ""), label = op$name)
    for (p in params) {
      value <- if (isTRUE(p$required) && is.null(p$default) && !identical(p$role, "output folder") && p$type != "flag") NULL else f[[gsub("-", "_", p$name)]]
      where <- paste(op$name, p$name)
      if (p$type == "flag") {
        expect_identical(value, identical(p$default, "true"), label = where)
      } else if (identical(p$role, "output folder")) {
        expect_null(value, label = where)
      } else if (p$type == "choice" && isTRUE(p$required) && is.null(p$default)) {
        expect_true(identical(f[[gsub("-", "_", p$name)]], quote(expr = )), label = where)
      } else if (p$type == "choice" && !is.null(p$default)) {
        choices <- eval(value)
        expect_identical(choices[1], p$default, label = where)
        expect_setequal(choices, unlist(p$choices))
      } else if (isTRUE(p$required) && is.null(p$default)) {
        expect_true(identical(f[[gsub("-", "_", p$name)]], quote(expr = )), label = where)
      } else if (is.null(p$default)) {
        expect_null(value, label = where)
      } else if (p$type %in% c("integer", "number")) {
        expect_equal(value, as.numeric(p$default), label = where)
      } else {
        expect_identical(value, p$default, label = where)
      }
    }
  }
})

test_that("the generated files are what the generator gives now", {
  root <- checkout()
  files <- softpower:::generate_sources()
  for (path in names(files)) {
    target <- file.path(root, "bindings", "r", path)
    expect_true(file.exists(target), label = path)
    expect_identical(paste(readLines(target, warn = FALSE), collapse = "\n"), sub("\n$", "", files[[path]]),
                     label = path)
  }
  pages <- list.files(file.path(root, "bindings", "r", "man"), pattern = "[.]Rd$")
  handwritten <- c("coin_spec.Rd", "from_cow.Rd", "operations.Rd", "unvotes.Rd")
  expect_setequal(pages, c(basename(grep("^man/", names(files), value = TRUE)), handwritten))
})

test_that("help pages say what the declarations say", {
  files <- softpower:::generate_sources()
  page <- files[["man/index_uncertainty.Rd"]]
  op <- softpower:::declaration("index uncertainty")
  expect_match(page, op$summary, fixed = TRUE)
  expect_match(page, "integer, between 2 and 1000000", fixed = TRUE)
  expect_match(page, "one of: sobol, random", fixed = TRUE)
  expect_match(page, "\\item{\\code{rank_intervals}}", fixed = TRUE)
  expect_match(page, "Columns: \\code{unit, nominal, mean, median, q05, q95}", fixed = TRUE)
  for (p in op$params) expect_match(page, softpower:::rd_escape(p$help), fixed = TRUE)
  expect_match(files[["man/index_build.Rd"]], "\\item{\\code{datasets$...}}", fixed = TRUE)
})
