// Every file agent-bench writes goes through here, so a symbolic link planted where a report, journal, recording
// or configs file goes can never redirect the write to another file.
//
// Whole files are written to a fresh temporary (mkstemp: O_CREAT|O_EXCL, a random name, so a link at any
// predictable name is never opened) in the target's directory, synced and renamed over the target: rename replaces
// a link at the target itself instead of following it, and a reader never sees half a file. Append-only files
// are opened with O_NOFOLLOW and must be regular files.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "base/result.h"

namespace ab {

/// Permissions for files that may hold transcripts (the journal, recordings, the history, the -l log): owner only.
inline constexpr mode_t kPrivateFileMode = 0600;
/// Permissions for reports (before the umask, like any file a tool creates).
inline constexpr mode_t kPublicFileMode = 0644;

/// Writes what |render| streams to |path| through a temporary in the same directory, fsync and rename; creates
/// the parent directory. The file gets |mode| (minus the umask for kPublicFileMode-like modes: bits the umask
/// clears are never added). On failure (kIo, naming the path and the system's reason) the temporary is removed
/// and |path| is untouched. A symbolic link at |path| is replaced by the new file; its target is not touched.
Status WriteFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& render,
                           mode_t mode = kPublicFileMode);
/// The same for content already in memory.
Status WriteFileAtomically(const std::string& path, std::string_view content, mode_t mode = kPublicFileMode);

/// Opens |path| for appending, creating it (and its parent directory) with |mode| when missing. Refuses (kIo) a
/// symbolic link, and anything but a regular file unless |devices_too| (a log sent to /dev/null). The FILE* is
/// the caller's to fclose.
Result<std::FILE*> OpenForAppend(const std::string& path, mode_t mode = kPrivateFileMode, bool devices_too = false);

/// Creates |path| empty with |mode| when it does not exist (O_EXCL|O_NOFOLLOW); succeeds without change when a
/// regular file is already there. Refuses (kIo) a symbolic link or a non-regular file. For files another library
/// opens by name (SQLite), so they are born with the right permissions.
Status CreatePrivateFile(const std::string& path, mode_t mode = kPrivateFileMode);

/// kIo ("refusing to open ...: it is a symbolic link") when |path| is a symbolic link; Ok when it is missing or
/// anything else. For the side files another library creates next to one of ours (SQLite's -wal and -shm).
Status RefuseSymlink(const std::string& path);

}  // namespace ab
