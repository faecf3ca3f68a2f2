using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Streaming.Broker.Storage;

/// <summary>
/// The real file system, through positional reads and writes (pread/pwrite) and fsync. Creating, renaming and deleting
/// files and directories also fsyncs the parent directory, so those changes are durable when the call returns (a file's
/// own fsync does not make its directory entry durable). That is what the power-loss test double assumes of every
/// directory operation.
/// </summary>
internal sealed partial class FileStorage : IStorage
{
    public static readonly FileStorage Instance = new();

    public IStorageFile Open(string path, bool create)
    {
        bool created = create && !System.IO.File.Exists(path);
        var handle = System.IO.File.OpenHandle(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        if (created) SyncParent(path);
        return new File(handle);
    }

    public bool FileExists(string path) => System.IO.File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public void CreateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        Directory.CreateDirectory(path);
        SyncParent(path);
    }

    public void DeleteFile(string path)
    {
        System.IO.File.Delete(path);
        SyncParent(path);
    }

    public void DeleteDirectory(string path)
    {
        if (!Directory.Exists(path)) return;
        Directory.Delete(path, recursive: true);
        SyncParent(path);
    }

    public void Move(string source, string destination)
    {
        System.IO.File.Move(source, destination, overwrite: true);
        SyncParent(destination);
        if (Path.GetDirectoryName(Path.GetFullPath(source)) != Path.GetDirectoryName(Path.GetFullPath(destination))) SyncParent(source);
    }

    /// <summary>fsyncs the directory that holds <paramref name="path"/> (Unix; elsewhere the OS offers no such call).</summary>
    private static void SyncParent(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD()) return;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (string.IsNullOrEmpty(directory)) return;
        int fd = Native.open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"could not open directory '{directory}' to fsync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Native.fsync(fd) != 0) throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Native.close(fd);
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        internal static partial int fsync(int fd);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        internal static partial int close(int fd);
    }

    public IEnumerable<string> EnumerateFiles(string directory, string pattern) => Directory.EnumerateFiles(directory, pattern);

    public IEnumerable<string> EnumerateDirectories(string directory) => Directory.EnumerateDirectories(directory);

    public IDisposable Lock(string path)
    {
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix: a second opener fails at once.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DataDirectoryLockedException($"the data directory '{Path.GetDirectoryName(path)}' is in use by another broker (lock file '{path}' is held)", ex);
        }
    }

    private sealed class File(SafeFileHandle handle) : IStorageFile
    {
        public long Length => RandomAccess.GetLength(handle);

        public int Read(long position, Span<byte> buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int n = RandomAccess.Read(handle, buffer[total..], position + total);
                if (n == 0) break;
                total += n;
            }
            return total;
        }

        public void Write(long position, ReadOnlySpan<byte> data) => RandomAccess.Write(handle, data, position);

        public void Flush() => RandomAccess.FlushToDisk(handle);

        public void Truncate(long length) => RandomAccess.SetLength(handle, length);

        public void Dispose() => handle.Dispose();
    }
}
