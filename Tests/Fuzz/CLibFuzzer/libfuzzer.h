// libFuzzer's driver, for harnesses that keep their own main (SwiftPM gives every executable
// target a main of its own, so libFuzzer's is not used). Linked only by `-sanitize=fuzzer`
// (scripts/fuzz.sh); a normal build declares it and never calls it.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
