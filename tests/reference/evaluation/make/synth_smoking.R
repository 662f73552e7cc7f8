# Reference values of R's Synth 1.1-8 (github:cran/Synth @ 8e17175; Abadie, Diamond and
# Hainmueller 2011, J. Stat. Softw. 42(13)) for Abadie, Diamond and Hainmueller (2010)'s
# synthetic California, for tests/evaluation/synth_test.cpp. Run from the repository's root:
#
#   R CMD INSTALL --library=/work/rlib-synth <Synth checkout>   # needs r-cran-kernlab,
#                                            # r-cran-optimx and r-cran-rgenoud from Debian
#   R_LIBS=/work/rlib-synth Rscript tests/reference/evaluation/make/synth_smoking.R \
#     ../shared/data/evaluation/smoking_abadie2010.csv tests/reference/evaluation/smoking
#
# The predictors of the paper's Table 1: ln(GDP per capita), the share aged 15–24 and the
# retail price averaged over 1980–1988, beer consumption per capita over 1984–1988, and
# cigarette sales in 1975, 1980 and 1988; the pre-period fit (MSPE) over 1970–1988; the 38
# other states of the file as donors. Writes weights.csv (unit,weight), predictor_weights.csv
# (predictor,weight) and loss.csv (loss_v,loss_w).
suppressMessages(library(Synth))
args = commandArgs(trailingOnly = TRUE)
smoking = read.csv(args[1], stringsAsFactors = FALSE)
out = args[2]
num = function(x) sprintf("%.17g", x)
states = sort(unique(smoking$state))
smoking$id = match(smoking$state, states)
smoking = smoking[order(smoking$id, smoking$year), ]
treated = match("California", states)
dp = dataprep(foo = smoking,
              predictors = c("lnincome", "age15to24", "retprice"),
              predictors.op = "mean", time.predictors.prior = 1980:1988,
              special.predictors = list(list("beer", 1984:1988, "mean"),
                                        list("cigsale", 1975, "mean"),
                                        list("cigsale", 1980, "mean"),
                                        list("cigsale", 1988, "mean")),
              dependent = "cigsale", unit.variable = "id", unit.names.variable = "state",
              time.variable = "year", treatment.identifier = treated,
              controls.identifier = setdiff(seq_along(states), treated),
              time.optimize.ssr = 1970:1988, time.plot = 1970:2000)
fit = synth(dp, verbose = FALSE)
writeLines(c("unit,weight", paste(states[as.integer(rownames(fit$solution.w))],
                                  num(fit$solution.w), sep = ",")),
           file.path(out, "weights.csv"))
writeLines(c("predictor,weight", paste(rownames(dp$X0), num(fit$solution.v), sep = ",")),
           file.path(out, "predictor_weights.csv"))
writeLines(c("loss_v,loss_w", paste(num(fit$loss.v), num(fit$loss.w), sep = ",")),
           file.path(out, "loss.csv"))
