# The registry code (src/softpower/core/countries.csv) of a row of unvotes' un_votes.csv, as
# softpower's reader assigns it (docs/alignment-data.md): two seats passed between states the
# registry keeps apart, and unvotes writes RU and YU for them throughout; West Germany and
# North Yemen vote without a code. `year` is the vote's year (or the session's, where the
# caller wants one state per session). Sourced by the R scripts that make reference values.
un_seat <- function(iso2, name, year, registry) {
  if (is.na(iso2)) {
    if (name == "Federal Republic of Germany") return("XWG")
    if (name == "Yemen Arab Republic") return("XNY")
    stop("a state without an ISO-2 code: ", name)
  }
  if (iso2 == "RU") return(if (year <= 1991) "SUN" else "RUS")
  if (iso2 == "YU") return(if (year <= 1992) "YUG" else if (year <= 2005) "SCG" else "SRB")
  registry$code[match(iso2, registry$iso2)]
}
