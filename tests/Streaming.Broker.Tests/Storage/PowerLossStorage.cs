using System.IO.Enumeration;
using Streaming.Broker.Storage;

namespace Streaming.Broker.Tests.Storage;

/// <summary>
/// An in-memory <see cref="IStorage"/> that models a power loss. Each file keeps its durable content (as of its last
/// <see cref="IStorageFile.Flush"/>) and the writes and truncations made since; <see cref="SimulatePowerLoss"/> reverts
/// every file to its durable content and then, as a disk might, applies part of what was not yet synced: nothing, or an
/// in-order prefix of the unsynced operations with the next write torn, or only a torn prefix of the last unsynced write
/// (leaving a zero-filled hole before it, as a disk that reorders writes may).
/// <para>
/// Simplification: directory operations (create/delete directory, create/delete/move file, lock) are durable at once —
/// the broker has no directory fsync in <see cref="IStorage"/>, so a file that exists stays, with its synced content.
/// </para>
/// <para>
/// After a power loss the "machine is off": every operation throws <see cref="IOException"/> until <see cref="PowerOn"/>,
/// and handles opened before the power loss (the old broker's files and lock) keep throwing — a generation number marks
/// them — so the abandoned broker's threads can never write to the disk the next broker opens.
/// </para>
/// </summary>
internal sealed class PowerLossStorage : IStorage
{
    private readonly object _sync = new();
    private readonly Dictionary<string, Node> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { "/" };
    private readonly Dictionary<string, int> _locks = new(StringComparer.Ordinal);
    private readonly ManualResetEventSlim _powerLost = new(false);
    private int _generation;
    private bool _down;
    private long _armedAt = -1;
    private long _operations;
    private Random? _armedRandom;

    /// <summary>False models a storage whose fsync was removed: <see cref="IStorageFile.Flush"/> does nothing.</summary>
    public bool FsyncEnabled { get; set; } = true;

    /// <summary>Set once a power loss has happened (armed or explicit).</summary>
    public WaitHandle PowerLost => _powerLost.WaitHandle;

    public bool IsDown
    {
        get
        {
            lock (_sync) return _down;
        }
    }

    /// <summary>Mutating operations (write, truncate, flush, create, delete, move) so far.</summary>
    public long Operations
    {
        get
        {
            lock (_sync) return _operations;
        }
    }

    /// <summary>Cuts the power just before the <paramref name="operations"/>-th mutating operation from now (which then fails).</summary>
    public void ArmPowerLoss(long operations, Random random)
    {
        lock (_sync)
        {
            _armedAt = _operations + operations;
            _armedRandom = random;
        }
    }

    /// <summary>Loses every unsynced write (tearing some), releases every lock, and turns the machine off until <see cref="PowerOn"/>.</summary>
    public void SimulatePowerLoss(Random random)
    {
        lock (_sync) PowerLossLocked(random);
    }

    /// <summary>Turns the machine back on; handles from before the power loss stay dead.</summary>
    public void PowerOn()
    {
        lock (_sync) _down = false;
    }

    private void PowerLossLocked(Random random)
    {
        _armedAt = -1;
        _generation++;
        _down = true;
        _locks.Clear(); // the process that held them is gone
        foreach (var node in _files.Values) node.LosePower(random);
        _powerLost.Set();
    }

    /// <summary>Called under the lock by every operation; <paramref name="mutating"/> ones count towards an armed power loss.</summary>
    private void Check(int generation, bool mutating)
    {
        if (_down) throw new IOException("the power is off");
        if (generation != _generation) throw new IOException("stale handle: opened before a power loss");
        if (!mutating) return;
        _operations++;
        if (_armedAt >= 0 && _operations >= _armedAt)
        {
            PowerLossLocked(_armedRandom!);
            throw new IOException("the power went off during this operation");
        }
    }

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    public IStorageFile Open(string path, bool create)
    {
        path = Normalize(path);
        lock (_sync)
        {
            bool exists = _files.TryGetValue(path, out var node);
            Check(_generation, mutating: !exists);
            if (!exists)
            {
                if (!create) throw new FileNotFoundException($"no file '{path}'", path);
                if (!_directories.Contains(Path.GetDirectoryName(path)!)) throw new DirectoryNotFoundException($"no directory for '{path}'");
                node = new Node();
                _files[path] = node;
            }
            return new Handle(this, node!, _generation);
        }
    }

    public bool FileExists(string path)
    {
        path = Normalize(path);
        lock (_sync)
        {
            Check(_generation, mutating: false);
            return _files.ContainsKey(path);
        }
    }

    public bool DirectoryExists(string path)
    {
        path = Normalize(path);
        lock (_sync)
        {
            Check(_generation, mutating: false);
            return _directories.Contains(path);
        }
    }

    public void CreateDirectory(string path)
    {
        path = Normalize(path);
        lock (_sync)
        {
            Check(_generation, mutating: !_directories.Contains(path));
            for (string? d = path; d is not null && _directories.Add(d); d = Path.GetDirectoryName(d))
            {
            }
        }
    }

    public void DeleteFile(string path)
    {
        path = Normalize(path);
        lock (_sync)
        {
            Check(_generation, mutating: true);
            _files.Remove(path);
        }
    }

    public void DeleteDirectory(string path)
    {
        path = Normalize(path);
        lock (_sync)
        {
            Check(_generation, mutating: true);
            string prefix = path + Path.DirectorySeparatorChar;
            _directories.RemoveWhere(d => d == path || d.StartsWith(prefix, StringComparison.Ordinal));
            foreach (var file in _files.Keys.Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).ToList()) _files.Remove(file);
        }
    }

    public void Move(string source, string destination)
    {
        source = Normalize(source);
        destination = Normalize(destination);
        lock (_sync)
        {
            Check(_generation, mutating: true);
            if (!_files.Remove(source, out var node)) throw new FileNotFoundException($"no file '{source}'", source);
            _files[destination] = node; // the inode moves with its durable content and its unsynced writes
        }
    }

    public IEnumerable<string> EnumerateFiles(string directory, string pattern)
    {
        directory = Normalize(directory);
        lock (_sync)
        {
            Check(_generation, mutating: false);
            if (!_directories.Contains(directory)) throw new DirectoryNotFoundException($"no directory '{directory}'");
            return _files.Keys
                .Where(f => Path.GetDirectoryName(f) == directory && FileSystemName.MatchesSimpleExpression(pattern, Path.GetFileName(f)))
                .ToList();
        }
    }

    public IEnumerable<string> EnumerateDirectories(string directory)
    {
        directory = Normalize(directory);
        lock (_sync)
        {
            Check(_generation, mutating: false);
            return _directories.Where(d => d != directory && Path.GetDirectoryName(d) == directory).ToList();
        }
    }

    public IDisposable Lock(string path)
    {
        path = Normalize(path);
        lock (_sync)
        {
            Check(_generation, mutating: false);
            if (_locks.ContainsKey(path))
                throw new DataDirectoryLockedException($"the data directory '{Path.GetDirectoryName(path)}' is in use by another broker (lock '{path}' is held)");
            _locks[path] = _generation;
            if (!_files.ContainsKey(path)) _files[path] = new Node();
            return new LockHandle(this, path, _generation);
        }
    }

    /// <summary>The current (not necessarily durable) content of a file, for tests that corrupt or inspect it.</summary>
    public byte[] ReadAll(string path)
    {
        lock (_sync) return _files[Normalize(path)].Current.ToArray();
    }

    private sealed class LockHandle(PowerLossStorage storage, string path, int generation) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            lock (storage._sync)
            {
                if (_disposed) return;
                _disposed = true;
                // A lock taken before a power loss died with its process: never release a newer holder's lock.
                if (storage._locks.TryGetValue(path, out int g) && g == generation) storage._locks.Remove(path);
            }
        }
    }

    private abstract record Op;

    private sealed record WriteOp(long Position, byte[] Data) : Op;

    private sealed record TruncateOp(long Length) : Op;

    /// <summary>A file (an inode): its current content, its content as of the last fsync, and the operations since.</summary>
    private sealed class Node
    {
        private readonly List<Op> _unsynced = [];
        private byte[] _durable = [];

        public List<byte> Current { get; private set; } = [];

        public void Write(long position, ReadOnlySpan<byte> data)
        {
            var copy = data.ToArray();
            Apply(Current, new WriteOp(position, copy));
            _unsynced.Add(new WriteOp(position, copy));
        }

        public void Truncate(long length)
        {
            Apply(Current, new TruncateOp(length));
            _unsynced.Add(new TruncateOp(length));
        }

        public void Sync()
        {
            _durable = Current.ToArray();
            _unsynced.Clear();
        }

        public void LosePower(Random random)
        {
            var content = new List<byte>(_durable);
            if (_unsynced.Count > 0)
            {
                switch (random.Next(3))
                {
                    case 0:
                        break; // nothing unsynced reached the disk
                    case 1:
                        // The disk wrote the unsynced operations in order, up to a random point, the next one torn.
                        int whole = random.Next(_unsynced.Count + 1);
                        for (int i = 0; i < whole; i++) Apply(content, _unsynced[i]);
                        if (whole < _unsynced.Count) ApplyTorn(content, _unsynced[whole], random);
                        break;
                    default:
                        // Only a prefix of the last unsynced operation reached the disk.
                        ApplyTorn(content, _unsynced[^1], random);
                        break;
                }
            }
            Current = content;
            Sync();
        }

        private static void ApplyTorn(List<byte> content, Op op, Random random)
        {
            switch (op)
            {
                case WriteOp w:
                    int length = random.Next(w.Data.Length + 1);
                    if (length > 0) Apply(content, new WriteOp(w.Position, w.Data[..length]));
                    break;
                case TruncateOp when random.Next(2) == 0:
                    Apply(content, op);
                    break;
            }
        }

        private static void Apply(List<byte> content, Op op)
        {
            switch (op)
            {
                case WriteOp w:
                    int position = checked((int)w.Position);
                    while (content.Count < position) content.Add(0); // a hole reads as zeros
                    for (int i = 0; i < w.Data.Length; i++)
                    {
                        if (position + i < content.Count) content[position + i] = w.Data[i];
                        else content.Add(w.Data[i]);
                    }
                    break;
                case TruncateOp t:
                    int length = checked((int)t.Length);
                    if (length < content.Count) content.RemoveRange(length, content.Count - length);
                    else while (content.Count < length) content.Add(0);
                    break;
            }
        }
    }

    private sealed class Handle(PowerLossStorage storage, Node node, int generation) : IStorageFile
    {
        private bool _disposed;

        public long Length
        {
            get
            {
                lock (storage._sync)
                {
                    Enter(mutating: false);
                    return node.Current.Count;
                }
            }
        }

        private void Enter(bool mutating)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            storage.Check(generation, mutating);
        }

        public int Read(long position, Span<byte> buffer)
        {
            lock (storage._sync)
            {
                Enter(mutating: false);
                var current = node.Current;
                int n = (int)Math.Clamp(current.Count - position, 0, buffer.Length);
                for (int i = 0; i < n; i++) buffer[i] = current[(int)position + i];
                return n;
            }
        }

        public void Write(long position, ReadOnlySpan<byte> data)
        {
            lock (storage._sync)
            {
                Enter(mutating: true);
                node.Write(position, data);
            }
        }

        public void Flush()
        {
            lock (storage._sync)
            {
                Enter(mutating: true);
                if (storage.FsyncEnabled) node.Sync();
            }
        }

        public void Truncate(long length)
        {
            lock (storage._sync)
            {
                Enter(mutating: true);
                node.Truncate(length);
            }
        }

        public void Dispose()
        {
            lock (storage._sync) _disposed = true; // closing writes nothing, before or after a power loss
        }
    }
}
