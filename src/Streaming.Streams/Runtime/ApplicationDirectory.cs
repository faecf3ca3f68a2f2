namespace Streaming.Streams.Runtime;

/// <summary>
/// <c>&lt;state.dir&gt;/&lt;application.id&gt;</c> held by one running instance: an exclusive lock on <c>.instance.lock</c>
/// (a second instance on the same directory fails at start), and the instance's process id kept in <c>process.id</c> so that
/// a restarted instance is recognised — its tasks come back to it and its transactional ids stay the same, which lets the
/// exactly-once producer abort what a killed predecessor left open at once instead of waiting for the transaction timeout.
/// </summary>
internal sealed class ApplicationDirectory : IDisposable
{
    private readonly FileStream _lock;

    private ApplicationDirectory(string path, FileStream lockFile, Guid processId)
    {
        Path = path;
        _lock = lockFile;
        ProcessId = processId;
    }

    public string Path { get; }

    public Guid ProcessId { get; }

    public static ApplicationDirectory Open(string stateDirectory, string applicationId)
    {
        string path = System.IO.Path.Combine(stateDirectory, applicationId);
        Directory.CreateDirectory(path);
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(System.IO.Path.Combine(path, ".instance.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DataDirectoryLockedException($"state directory '{path}' is in use by another instance of application '{applicationId}': give each instance its own state.dir", ex);
        }
        try
        {
            string idFile = System.IO.Path.Combine(path, "process.id");
            if (!File.Exists(idFile) || !Guid.TryParse(File.ReadAllText(idFile).Trim(), out Guid id))
            {
                id = Guid.NewGuid();
                File.WriteAllText(idFile + ".tmp", id.ToString("D"));
                File.Move(idFile + ".tmp", idFile, overwrite: true);
            }
            return new ApplicationDirectory(path, lockFile, id);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Tasks with checkpointed state here and the changelog offsets it holds, summed (offered to the assignor: such tasks come back without a full restore).</summary>
    public Dictionary<TaskId, long> CheckpointedOffsetSums()
    {
        var result = new Dictionary<TaskId, long>();
        foreach (string dir in Directory.EnumerateDirectories(Path))
        {
            if (!TaskId.TryParse(System.IO.Path.GetFileName(dir), out TaskId id) || !File.Exists(System.IO.Path.Combine(dir, Checkpoint.FileName))) continue;
            try
            {
                result[id] = Checkpoint.Read(dir).Values.Sum();
            }
            catch (Exception ex) when (ex is IOException or StorageException)
            {
                // Unreadable or being rewritten: the task counts as having no local state.
            }
        }
        return result;
    }

    public void Dispose() => _lock.Dispose();
}
