#pragma once
// The process's open-file limit: every connection, media socket and database file needs one.

namespace meet::app {

// Raises the soft RLIMIT_NOFILE to the hard limit (logged), so that the connection limits
// (MAX_CONNECTIONS) bind before the kernel's stock 1024 does. Never fails the start: a
// refusal is logged and the current limit stays.
void raise_file_limit();

}  // namespace meet::app
