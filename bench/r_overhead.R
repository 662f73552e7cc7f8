# The R package's cost per call beyond the engine's own time (bench/README.md, docs/r.md).
#
# For a few operations, the wall time of the generated function (arguments checked and turned
# into text, the .Call, the result list: the JSON parsed, CSV outputs read into data frames)
# minus the engine's own time that the glue measures (attr(result, "seconds"): checking the
# arguments and running); and the bare .Call alone, without the R layer. Prints min / median /
# max over repetitions, in microseconds.
#
#   R_LIBS=<library with softpower> Rscript bench/r_overhead.R [repeat]
library(softpower)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "r_common.R"))
invisible(list2env(bench_setup(7L), environment()))  # repeats, root, data, asem

overhead <- function(label, call, number) {
  extra <- engine <- numeric(repeats)
  for (r in seq_len(repeats)) {
    wall <- inside <- 0
    for (k in seq_len(number)) {
      t0 <- Sys.time()
      result <- call()
      wall <- wall + as.numeric(Sys.time() - t0, units = "secs")
      inside <- inside + attr(result, "seconds")
    }
    extra[r] <- (wall - inside) / number * 1e6
    engine[r] <- inside / number * 1e6
  }
  cat(sprintf("%-52s overhead %7.1f / %7.1f / %7.1f us   engine %10.1f us\n", label,
              min(extra), median(extra), max(extra), median(engine)))
}

bare <- function(label, name, values, number) {
  run <- getNativeSymbolInfo("softpower_run", "softpower")
  extra <- numeric(repeats)
  for (r in seq_len(repeats)) {
    wall <- inside <- 0
    for (k in seq_len(number)) {
      t0 <- Sys.time()
      out <- .Call(run, name, values, FALSE, FALSE, list())
      wall <- wall + as.numeric(Sys.time() - t0, units = "secs")
      inside <- inside + out$seconds
    }
    extra[r] <- (wall - inside) / number * 1e6
  }
  cat(sprintf("%-52s overhead %7.1f / %7.1f / %7.1f us\n", label, min(extra), median(extra), max(extra)))
}

cat(sprintf("call overhead beyond the engine (min / median / max over %d repetitions)\n", repeats))
invisible(countries_lookup("Korea, Rep."))  # the declarations read once
bare(".Call only: countries lookup 'Korea, Rep.'", "countries lookup", list(value = "Korea, Rep."), 2000)
overhead("countries_lookup('Korea, Rep.')", function() countries_lookup("Korea, Rep."), 2000)
overhead("index_check(asem.toml)", function() index_check(asem), 200)
overhead("simulation_scenarios()", function() simulation_scenarios(), 200)
overhead("index_reweight(asem.toml, weight = 'Conn=2')",
         function() index_reweight(asem, data = data, weight = "Conn=2"), 10)
overhead("index_build(asem.toml), outputs as data frames",
         function() index_build(asem, data = data), 3)
