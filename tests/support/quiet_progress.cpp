// The tests read what the command prints on stdout and stderr together: on a slow or busy
// machine a long command would add progress lines (core/progress.hpp prints one every 10 s
// when stderr is not a terminal). Every command a test starts inherits this setting; a test
// of the progress lines sets its own.

#include <cstdlib>

namespace {

const int kQuietProgress = ::setenv("SOFTPOWER_PROGRESS_EVERY", "86400", 0);

}  // namespace
