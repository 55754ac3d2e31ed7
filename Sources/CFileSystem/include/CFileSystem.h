#ifndef C_FILE_SYSTEM_H
#define C_FILE_SYSTEM_H

/// syncfs(2): flushes every file of the file system holding `fd` in one go, where fsync flushes one file.
/// Glibc declares it only under _GNU_SOURCE, which Swift's Glibc module does not set.
int cfs_syncfs(int fd);

#endif
