namespace Streaming.Streams.State.Internal;

/// <summary>
/// A task's directory <c>&lt;state.dir&gt;/&lt;application.id&gt;/&lt;task&gt;</c>, held through an exclusive lock on its <c>.lock</c> file
/// (FileShare.None is an flock on Unix) so that two instances, in one process or two, never share it.
/// </summary>
internal sealed class StateDirectory : IDisposable
{
    private readonly FileStream _lock;

    private StateDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    public string Path { get; }

    public static StateDirectory Lock(string stateDir, string applicationId, string taskId)
    {
        string path = System.IO.Path.Combine(stateDir, applicationId, taskId);
        Directory.CreateDirectory(path);
        string lockPath = System.IO.Path.Combine(path, ".lock");
        try
        {
            return new StateDirectory(path, new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new DataDirectoryLockedException($"state directory '{path}' of task {taskId} is locked by another instance of '{applicationId}'", ex);
        }
    }

    /// <summary>Deletes the task's state (every entry but the lock): the stores are rebuilt from their changelogs.</summary>
    public void Wipe()
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(Path))
        {
            if (System.IO.Path.GetFileName(entry) == ".lock") continue;
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
    }

    /// <summary>Releases the lock and, when <paramref name="delete"/>, removes the directory.</summary>
    public void Release(bool delete)
    {
        if (delete)
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries(Path))
            {
                if (System.IO.Path.GetFileName(entry) == ".lock") continue;
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
        }
        _lock.Dispose();
        if (delete) Directory.Delete(Path, recursive: true);
    }

    public void Dispose() => Release(delete: false);
}
