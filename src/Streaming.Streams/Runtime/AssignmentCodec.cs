using System.Buffers.Binary;
using System.Text;

namespace Streaming.Streams.Runtime;

/// <summary>What a stream thread tells the leader's assignor when it joins (the consumer subscription's user data).</summary>
/// <param name="ProcessId">The instance (all threads of one <c>KafkaStreams</c> share it; kept in the state directory across restarts).</param>
/// <param name="PreviousActive">The tasks this thread ran in the last generation (stickiness).</param>
/// <param name="LocalState">Tasks whose state this instance has on disk (placed here when balance allows: no restore).</param>
/// <param name="ApplicationServer">The instance's <c>application.server</c> (host:port for interactive queries), or null.</param>
/// <param name="ShutdownRequested">Set by a thread whose uncaught-exception handler chose <see cref="StreamThreadExceptionResponse.ShutdownApplication"/>.</param>
internal sealed record SubscriptionInfo(Guid ProcessId, IReadOnlyList<TaskId> PreviousActive, IReadOnlyList<TaskId> LocalState, bool ShutdownRequested, string? ApplicationServer = null);

/// <summary>What the leader tells a thread (the assignment's user data).</summary>
/// <param name="ErrorCode">0, or why the application must stop (<see cref="AssignmentCodec.ShutdownApplication"/>).</param>
/// <param name="ActiveTasks">The thread's tasks; their partitions are the assignment's partitions.</param>
internal sealed record AssignmentInfo(int ErrorCode, IReadOnlyList<TaskId> ActiveTasks);

/// <summary>
/// The byte layout of <see cref="SubscriptionInfo"/> and <see cref="AssignmentInfo"/> (big-endian, versioned with a leading byte;
/// a reader refuses a version it does not know with a clear error rather than guessing).
/// </summary>
internal static class AssignmentCodec
{
    public const byte Version = 1;

    /// <summary>Assignment error: a member asked every instance to shut down.</summary>
    public const int ShutdownApplication = 1;

    /// <summary>Assignment error: the leader could not see every source topic (not created yet, or deleted).</summary>
    public const int IncompleteSourceTopicMetadata = 2;

    public static byte[] Encode(SubscriptionInfo info)
    {
        byte[] server = Encoding.UTF8.GetBytes(info.ApplicationServer ?? "");
        var buffer = new byte[1 + 16 + 1 + 2 + server.Length + 4 + (8 * info.PreviousActive.Count) + 4 + (8 * info.LocalState.Count)];
        var span = buffer.AsSpan();
        span[0] = Version;
        info.ProcessId.TryWriteBytes(span.Slice(1, 16), bigEndian: true, out _);
        span[17] = info.ShutdownRequested ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt16BigEndian(span[18..], checked((short)server.Length));
        server.CopyTo(span[20..]);
        int pos = WriteTasks(span, 20 + server.Length, info.PreviousActive);
        WriteTasks(span, pos, info.LocalState);
        return buffer;
    }

    public static SubscriptionInfo DecodeSubscription(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20) throw new StreamsException($"stream-thread subscription data is {data.Length} bytes, too short to be ours (is another application using this group id?)");
        CheckVersion(data[0], "subscription");
        var process = new Guid(data.Slice(1, 16), bigEndian: true);
        bool shutdown = data[17] != 0;
        int serverLength = BinaryPrimitives.ReadInt16BigEndian(data[18..]);
        if (serverLength < 0 || 20 + serverLength > data.Length) throw Truncated("subscription");
        string server = Encoding.UTF8.GetString(data.Slice(20, serverLength));
        int pos = 20 + serverLength;
        var previous = ReadTasks(data, ref pos, "subscription");
        var local = ReadTasks(data, ref pos, "subscription");
        return new SubscriptionInfo(process, previous, local, shutdown, server.Length == 0 ? null : server);
    }

    public static byte[] Encode(AssignmentInfo info)
    {
        var buffer = new byte[1 + 4 + 4 + (8 * info.ActiveTasks.Count)];
        buffer[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(1), info.ErrorCode);
        WriteTasks(buffer, 5, info.ActiveTasks);
        return buffer;
    }

    public static AssignmentInfo DecodeAssignment(ReadOnlySpan<byte> data)
    {
        if (data.Length < 9) throw new StreamsException($"stream-thread assignment data is {data.Length} bytes, too short to be ours");
        CheckVersion(data[0], "assignment");
        int error = BinaryPrimitives.ReadInt32BigEndian(data[1..]);
        int pos = 5;
        return new AssignmentInfo(error, ReadTasks(data, ref pos, "assignment"));
    }

    private static int WriteTasks(Span<byte> span, int pos, IReadOnlyList<TaskId> tasks)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[pos..], tasks.Count);
        pos += 4;
        foreach (TaskId t in tasks)
        {
            BinaryPrimitives.WriteInt32BigEndian(span[pos..], t.Subtopology);
            BinaryPrimitives.WriteInt32BigEndian(span[(pos + 4)..], t.Partition);
            pos += 8;
        }
        return pos;
    }

    private static List<TaskId> ReadTasks(ReadOnlySpan<byte> data, ref int pos, string what)
    {
        if (pos + 4 > data.Length) throw Truncated(what);
        int count = BinaryPrimitives.ReadInt32BigEndian(data[pos..]);
        pos += 4;
        if (count < 0 || (long)pos + (8L * count) > data.Length) throw Truncated(what);
        var tasks = new List<TaskId>(count);
        for (int i = 0; i < count; i++, pos += 8)
            tasks.Add(new TaskId(BinaryPrimitives.ReadInt32BigEndian(data[pos..]), BinaryPrimitives.ReadInt32BigEndian(data[(pos + 4)..])));
        return tasks;
    }

    private static void CheckVersion(byte version, string what)
    {
        if (version != Version)
            throw new StreamsException($"stream-thread {what} data has version {version}; this build reads version {Version} (are instances of different versions in one application?)");
    }

    private static StreamsException Truncated(string what) => new($"stream-thread {what} data is truncated");
}
