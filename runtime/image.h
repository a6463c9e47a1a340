// The compiled image: a Program saved to bytes and loaded back, never trusting the bytes.
//
// Layout (all integers little-endian, fixed width):
//   offset  0  8 bytes  magic "RPTCIMG\0"
//   offset  8  u32      format version (Program::kFormatVersion)
//   offset 12  u64      payload length in bytes
//   offset 20  u64      CRC-64/XZ of the payload (ImageChecksum)
//   offset 28           payload: Program::Serialize walked field by field
// Payload encoding: bool = u8 0/1; enums = their underlying type, range-checked on load;
// integers = their own width; double = its IEEE-754 bits as u64; std::string = u32 byte count
// + bytes; std::vector<T> = u32 element count + elements; structs = their Serialize fields in
// order. No padding, no pointers, no alignment: the same Program always gives the same bytes.
//
// Why CRC-64 and not XXH3: the runtime does not link xxhash, and CRC-64 by carry-less
// multiplication (tables in four interleaved lanes on a CPU without it) reads a 10 MB image in
// ~0.3 ms (~2 ms by tables). CRC-64 also detects every error burst of up to 64 bits with
// certainty, which covers any single corrupted byte.
// Tested by tests/runtime/image_test.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/program.h"

namespace rptc::rt {

inline constexpr char kImageMagic[8] = {'R', 'P', 'T', 'C', 'I', 'M', 'G', '\0'};
inline constexpr size_t kImageHeaderSize = 28;

// More capture slots than this in one automaton is rejected as a corrupt image (it would make
// the engines allocate per-thread slot arrays of that size).
inline constexpr uint32_t kMaxSlotsPerAutomaton = 1u << 16;

// Serialises `program`. Deterministic: equal Programs give byte-identical images.
std::string SaveImage(const Program& program);

// Parses and validates an image. On failure returns nullopt and sets *error (if not null) to one
// sentence, e.g. "not an rptc image (bad magic)", "image format version 7, this rptc reads
// version 1", "image is truncated: expected 1234 payload bytes, found 1000", "image checksum
// mismatch: the file is corrupted", "invalid image: rule 3 names automaton 99 of 12".
// Memory use is bounded by a small multiple of bytes.size(), whatever the bytes say.
[[nodiscard]] std::optional<Program> LoadImage(std::string_view bytes, std::string* error);

// LoadImage of the image from the current offset of `fd` to the end of the regular file open
// there, with the same checks and messages, plus "cannot read the image: ..." (the caller names
// the file). The file is read a window at a time, each window checksummed and parsed while it is
// in the cache, so the instructions (most of an image) go straight into the Program: reading the
// file whole first cost a second 11 MB buffer for the GWR template, ~5 ms of every run's startup
// on a VM. Does not close `fd`.
[[nodiscard]] std::optional<Program> LoadImageFile(int fd, std::string* error);

// Checks every cross-reference in `program` (instruction targets, each automaton's block of
// instructions and the capture slots saved in it, the assertion-reach set, anchors, sections,
// fields, rules, lists, lexicons, constraints), so engines and report assembly can index without
// checks. Also rejects what could make them loop: a cycle of instructions that consumes no
// input, and a section that is its own ancestor. Sets *error to e.g. "rule 3 names automaton 99
// of 12". LoadImage runs it; the compiler may run it on its own output. Linear in the size of
// the program: every check but the loop search is one pass over what it checks.
[[nodiscard]] bool ValidateProgram(const Program& program, std::string* error);

// CRC-64/XZ (ECMA-182 polynomial, reflected, init and xor-out all ones; check value
// 0x995DC9BBDF1939FA for "123456789"): the image checksum.
uint64_t ImageChecksum(std::string_view payload);

namespace internal {
// ImageChecksum by tables alone, as on a CPU without carry-less multiplication: for tests.
uint64_t ImageChecksumByTables(std::string_view payload);
}  // namespace internal

}  // namespace rptc::rt
