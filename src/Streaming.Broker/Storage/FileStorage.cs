using Microsoft.Win32.SafeHandles;

namespace Streaming.Broker.Storage;

/// <summary>The real file system, through positional reads and writes (pread/pwrite) and fsync.</summary>
internal sealed class FileStorage : IStorage
{
    public static readonly FileStorage Instance = new();

    public IStorageFile Open(string path, bool create)
        => new File(System.IO.File.OpenHandle(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete));

    public bool FileExists(string path) => System.IO.File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public void CreateDirectory(string path) => Directory.CreateDirectory(path);

    public void DeleteFile(string path) => System.IO.File.Delete(path);

    public void DeleteDirectory(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    public void Move(string source, string destination) => System.IO.File.Move(source, destination, overwrite: true);

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
