library(testthat)
library(softpower)
test_check("softpower")
