# Reference values of synthdid 0.0.9 (github:synth-inference/synthdid @ 70c1ce3) on
# California's Proposition 99, for tests/evaluation/synthdid_test.cpp. Run from the
# repository's root, with synthdid installed in a private library:
#
#   R CMD INSTALL --library=/work/rlib-synth <synthdid checkout>
#   R_LIBS=/work/rlib-synth Rscript tests/reference/evaluation/make/synthdid_prop99.R \
#     ../shared/data/evaluation/california_prop99.csv tests/reference/evaluation/prop99
#
# Writes, in the output folder:
#   estimates.csv     setup,estimator,estimate,noise_level,zeta_omega,zeta_lambda
#   unit_weights.csv  setup,estimator,unit,weight (omega; sdid and sc)
#   time_weights.csv  setup,estimator,time,weight (lambda; sdid)
#   placebo_units.csv setup,estimator,placebo_unit,estimate: the placebo estimate with each
#                     control as the pseudo-treated unit (the support of placebo_se's draws)
#   se.csv            setup,estimator,method,replications,seed,se
#   effect_curve.csv  setup,estimator,time,effect: synthdid_effect_curve, every post-period
# Setup "prop99": California treated from 1989 (N0 = 38, T0 = 19). Setup "prop99-5": the same
# panel with California and the last four controls (Virginia, West Virginia, Wisconsin,
# Wyoming) treated, so that the jackknife and bootstrap (which need two treated units) exist.
suppressMessages(library(synthdid))
args = commandArgs(trailingOnly = TRUE)
panel = read.csv(args[1], sep = ";", stringsAsFactors = FALSE)
out = args[2]
num = function(x) sprintf("%.17g", x)

setup = panel.matrices(panel, unit = "State", time = "Year", outcome = "PacksPerCapita",
                       treatment = "treated")
five = c("California", "Virginia", "West Virginia", "Wisconsin", "Wyoming")
Y5 = setup$Y[c(setdiff(rownames(setup$Y), five), five), ]
setups = list("prop99" = list(Y = setup$Y, N0 = setup$N0, T0 = setup$T0),
              "prop99-5" = list(Y = Y5, N0 = nrow(Y5) - 5, T0 = setup$T0))
estimators = list(sdid = synthdid_estimate, sc = sc_estimate, did = did_estimate)

est.rows = c(); unit.rows = c(); time.rows = c(); placebo.rows = c(); se.rows = c()
curve.rows = c()
for (s in names(setups)) {
  S = setups[[s]]
  for (e in names(estimators)) {
    est = estimators[[e]](S$Y, S$N0, S$T0)
    w = attr(est, "weights"); o = attr(est, "opts")
    noise = sd(apply(S$Y[1:S$N0, 1:S$T0], 1, diff))
    est.rows = c(est.rows, paste(s, e, num(c(est)), num(noise), num(o$zeta.omega),
                                 num(o$zeta.lambda), sep = ","))
    curve.rows = c(curve.rows, paste(s, e, colnames(S$Y)[(S$T0 + 1):ncol(S$Y)],
                                     num(synthdid_effect_curve(est)), sep = ","))
    if (e != "did") {
      unit.rows = c(unit.rows, paste(s, e, rownames(S$Y)[1:S$N0], num(w$omega), sep = ","))
    }
    if (e == "sdid") {
      time.rows = c(time.rows, paste(s, e, colnames(S$Y)[1:S$T0], num(w$lambda), sep = ","))
    }
    if (s == "prop99") {
      # placebo_se's theta with each control last (the pseudo-treated unit), others in order.
      for (j in 1:S$N0) {
        ind = c(setdiff(1:S$N0, j), j)
        wb = w; wb$omega = w$omega[ind[1:(S$N0 - 1)]]
        wb$omega = if (sum(wb$omega) != 0) wb$omega / sum(wb$omega) else rep(1 / (S$N0 - 1), S$N0 - 1)
        p = do.call(synthdid_estimate, c(list(Y = S$Y[ind, ], N0 = S$N0 - 1, T0 = S$T0,
                                              X = attr(est, "setup")$X[ind, , ], weights = wb), o))
        placebo.rows = c(placebo.rows, paste(s, e, rownames(S$Y)[j], num(c(p)), sep = ","))
      }
      for (seed in 1:2) {
        set.seed(seed)
        se.rows = c(se.rows, paste(s, e, "placebo", 200, seed,
                                   num(sqrt(vcov(est, method = "placebo", replications = 200))), sep = ","))
      }
    } else {
      se.rows = c(se.rows, paste(s, e, "jackknife", 0, 0,
                                 num(sqrt(vcov(est, method = "jackknife"))), sep = ","))
      set.seed(1)
      se.rows = c(se.rows, paste(s, e, "bootstrap", 200, 1,
                                 num(sqrt(vcov(est, method = "bootstrap", replications = 200))), sep = ","))
    }
  }
}
write = function(name, header, rows) writeLines(c(header, rows), file.path(out, name))
write("estimates.csv", "setup,estimator,estimate,noise_level,zeta_omega,zeta_lambda", est.rows)
write("unit_weights.csv", "setup,estimator,unit,weight", unit.rows)
write("time_weights.csv", "setup,estimator,time,weight", time.rows)
write("placebo_units.csv", "setup,estimator,placebo_unit,estimate", placebo.rows)
write("effect_curve.csv", "setup,estimator,time,effect", curve.rows)
write("se.csv", "setup,estimator,method,replications,seed,se", se.rows)
