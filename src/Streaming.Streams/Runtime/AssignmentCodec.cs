using System.Buffers.Binary;
using System.Text;

namespace Streaming.Streams.Runtime;

/// <summary>What a stream thread tells the leader's assignor when it joins (the consumer subscription's user data).</summary>
/// <param name="ProcessId">The instance (all threads of one <c>KafkaStreams</c> share it; kept in the state directory across restarts).</param>
/// <param name="PreviousActive">The tasks this thread ran in the last generation (stickiness).</param>
/// <param name="TaskOffsetSums">
/// For each task with state on this instance, the sum of the changelog offsets its local stores hold
/// (<see cref="AssignmentCodec.RunningOffsetSum"/> for a task running here now): the leader turns them into lags.
/// </param>
/// <param name="ShutdownRequested">Set by a thread whose uncaught-exception handler chose <see cref="StreamThreadExceptionResponse.ShutdownApplication"/>.</param>
/// <param name="ApplicationServer">The instance's <c>application.server</c> (host:port for interactive queries), or null.</param>
internal sealed record SubscriptionInfo(Guid ProcessId, IReadOnlyList<TaskId> PreviousActive, IReadOnlyDictionary<TaskId, long> TaskOffsetSums,
    bool ShutdownRequested, string? ApplicationServer = null);

/// <summary>What the leader tells a thread (the assignment's user data).</summary>
/// <param name="ErrorCode">0, or why the application must stop (<see cref="AssignmentCodec.ShutdownApplication"/>).</param>
/// <param name="ActiveTasks">The thread's tasks; their partitions are the assignment's partitions.</param>
/// <param name="StandbyTasks">Tasks whose stores the thread keeps warm by following their changelogs.</param>
/// <param name="ActiveByHost">Every instance's active tasks, by <c>application.server</c> (interactive-query routing).</param>
/// <param name="StandbyByHost">Every instance's standby tasks, by <c>application.server</c>.</param>
/// <param name="TasksPerSubtopology">How many tasks (partitions) each sub-topology has.</param>
/// <param name="ProbingRebalance">True when a task is warming up elsewhere: the group should rebalance again once it has caught up.</param>
internal sealed record AssignmentInfo(int ErrorCode, IReadOnlyList<TaskId> ActiveTasks, IReadOnlyList<TaskId> StandbyTasks,
    IReadOnlyDictionary<string, IReadOnlyList<TaskId>> ActiveByHost, IReadOnlyDictionary<string, IReadOnlyList<TaskId>> StandbyByHost,
    IReadOnlyList<int> TasksPerSubtopology, bool ProbingRebalance)
{
    public static AssignmentInfo Error(int code) => new(code, [], [], new Dictionary<string, IReadOnlyList<TaskId>>(), new Dictionary<string, IReadOnlyList<TaskId>>(), [], false);
}

/// <summary>
/// The byte layout of <see cref="SubscriptionInfo"/> and <see cref="AssignmentInfo"/> (big-endian, versioned with a leading
/// byte; a reader refuses a version it does not know with a clear error rather than guessing).
/// </summary>
internal static class AssignmentCodec
{
    public const byte Version = 2;

    /// <summary>Assignment error: a member asked every instance to shut down.</summary>
    public const int ShutdownApplication = 1;

    /// <summary>Assignment error: the leader could not see every source topic (not created yet, or deleted).</summary>
    public const int IncompleteSourceTopicMetadata = 2;

    /// <summary>The offset sum a thread reports for a task it is running: caught up by definition.</summary>
    public const long RunningOffsetSum = -2;

    public static byte[] Encode(SubscriptionInfo info)
    {
        var w = new Writer();
        w.Byte(Version);
        w.Guid(info.ProcessId);
        w.Byte(info.ShutdownRequested ? (byte)1 : (byte)0);
        w.String(info.ApplicationServer);
        w.Tasks(info.PreviousActive);
        w.Int(info.TaskOffsetSums.Count);
        foreach ((TaskId task, long sum) in info.TaskOffsetSums)
        {
            w.Task(task);
            w.Long(sum);
        }
        return w.ToArray();
    }

    public static SubscriptionInfo DecodeSubscription(ReadOnlySpan<byte> data)
    {
        var r = new Reader(data, "subscription");
        r.CheckVersion();
        Guid process = r.Guid();
        bool shutdown = r.Byte() != 0;
        string? server = r.String();
        List<TaskId> previous = r.Tasks();
        int count = r.Count(16);
        var sums = new Dictionary<TaskId, long>(count);
        for (int i = 0; i < count; i++) sums[r.Task()] = r.Long();
        return new SubscriptionInfo(process, previous, sums, shutdown, server);
    }

    public static byte[] Encode(AssignmentInfo info)
    {
        var w = new Writer();
        w.Byte(Version);
        w.Int(info.ErrorCode);
        w.Tasks(info.ActiveTasks);
        w.Tasks(info.StandbyTasks);
        w.HostMap(info.ActiveByHost);
        w.HostMap(info.StandbyByHost);
        w.Int(info.TasksPerSubtopology.Count);
        foreach (int n in info.TasksPerSubtopology) w.Int(n);
        w.Byte(info.ProbingRebalance ? (byte)1 : (byte)0);
        return w.ToArray();
    }

    public static AssignmentInfo DecodeAssignment(ReadOnlySpan<byte> data)
    {
        var r = new Reader(data, "assignment");
        r.CheckVersion();
        int error = r.Int();
        List<TaskId> active = r.Tasks();
        List<TaskId> standby = r.Tasks();
        var activeByHost = r.HostMap();
        var standbyByHost = r.HostMap();
        int n = r.Count(4);
        var perSubtopology = new int[n];
        for (int i = 0; i < n; i++) perSubtopology[i] = r.Int();
        bool probing = r.Byte() != 0;
        return new AssignmentInfo(error, active, standby, activeByHost, standbyByHost, perSubtopology, probing);
    }

    private sealed class Writer
    {
        private readonly MemoryStream _stream = new();
        private readonly byte[] _scratch = new byte[16];

        public void Byte(byte b) => _stream.WriteByte(b);

        public void Int(int v)
        {
            BinaryPrimitives.WriteInt32BigEndian(_scratch, v);
            _stream.Write(_scratch, 0, 4);
        }

        public void Long(long v)
        {
            BinaryPrimitives.WriteInt64BigEndian(_scratch, v);
            _stream.Write(_scratch, 0, 8);
        }

        public void Guid(Guid g)
        {
            g.TryWriteBytes(_scratch, bigEndian: true, out _);
            _stream.Write(_scratch, 0, 16);
        }

        public void String(string? s)
        {
            if (s is null)
            {
                Int(-1);
                return;
            }
            byte[] bytes = Encoding.UTF8.GetBytes(s);
            Int(bytes.Length);
            _stream.Write(bytes);
        }

        public void Task(TaskId t)
        {
            Int(t.Subtopology);
            Int(t.Partition);
        }

        public void Tasks(IReadOnlyCollection<TaskId> tasks)
        {
            Int(tasks.Count);
            foreach (TaskId t in tasks) Task(t);
        }

        public void HostMap(IReadOnlyDictionary<string, IReadOnlyList<TaskId>> map)
        {
            Int(map.Count);
            foreach ((string host, IReadOnlyList<TaskId> tasks) in map)
            {
                String(host);
                Tasks(tasks);
            }
        }

        public byte[] ToArray() => _stream.ToArray();
    }

    private ref struct Reader(ReadOnlySpan<byte> data, string what)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public void CheckVersion()
        {
            byte version = Byte();
            if (version != Version)
                throw new StreamsException($"stream-thread {what} data has version {version}; this build reads version {Version} (are instances of different versions in one application?)");
        }

        public byte Byte()
        {
            Need(1);
            return _data[_pos++];
        }

        public int Int()
        {
            Need(4);
            int v = BinaryPrimitives.ReadInt32BigEndian(_data[_pos..]);
            _pos += 4;
            return v;
        }

        public long Long()
        {
            Need(8);
            long v = BinaryPrimitives.ReadInt64BigEndian(_data[_pos..]);
            _pos += 8;
            return v;
        }

        public Guid Guid()
        {
            Need(16);
            var g = new Guid(_data.Slice(_pos, 16), bigEndian: true);
            _pos += 16;
            return g;
        }

        public string? String()
        {
            int length = Int();
            if (length < 0) return null;
            Need(length);
            string s = Encoding.UTF8.GetString(_data.Slice(_pos, length));
            _pos += length;
            return s;
        }

        public TaskId Task() => new(Int(), Int());

        /// <summary>A count of items of at least <paramref name="itemSize"/> bytes, checked against what is left.</summary>
        public int Count(int itemSize)
        {
            int n = Int();
            if (n < 0 || (long)n * itemSize > _data.Length - _pos) throw Truncated();
            return n;
        }

        public List<TaskId> Tasks()
        {
            int n = Count(8);
            var list = new List<TaskId>(n);
            for (int i = 0; i < n; i++) list.Add(Task());
            return list;
        }

        public Dictionary<string, IReadOnlyList<TaskId>> HostMap()
        {
            int n = Count(8);
            var map = new Dictionary<string, IReadOnlyList<TaskId>>(n);
            for (int i = 0; i < n; i++)
            {
                string host = String() ?? throw Truncated();
                map[host] = Tasks();
            }
            return map;
        }

        private readonly void Need(int n)
        {
            if (n < 0 || (long)_pos + n > _data.Length) throw Truncated();
        }

        private readonly StreamsException Truncated() => new($"stream-thread {what} data is truncated or malformed");
    }
}
