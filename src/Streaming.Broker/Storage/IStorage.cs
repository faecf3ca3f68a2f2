namespace Streaming.Broker.Storage;

/// <summary>
/// The broker's only door to the file system, so that tests can put a fault-injecting implementation behind it
/// (above all a power loss that discards every write not yet made durable).
/// </summary>
internal interface IStorage
{
    /// <summary>Opens a file for reading and writing, creating it if <paramref name="create"/> is true.</summary>
    IStorageFile Open(string path, bool create);

    bool FileExists(string path);

    bool DirectoryExists(string path);

    void CreateDirectory(string path);

    void DeleteFile(string path);

    void DeleteDirectory(string path);

    /// <summary>Atomically replaces <paramref name="destination"/> with <paramref name="source"/>.</summary>
    void Move(string source, string destination);

    IEnumerable<string> EnumerateFiles(string directory, string pattern);

    IEnumerable<string> EnumerateDirectories(string directory);

    /// <summary>Takes an exclusive lock on <paramref name="path"/> held until disposed; throws <see cref="DataDirectoryLockedException"/> if held elsewhere.</summary>
    IDisposable Lock(string path);
}
