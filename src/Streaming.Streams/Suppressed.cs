namespace Streaming.Streams;

/// <summary>What a full suppression buffer does (Kafka's <c>BufferFullStrategy</c>).</summary>
public enum BufferFullBehavior
{
    /// <summary>Emit the oldest records early (they are then not final).</summary>
    EmitEarly,

    /// <summary>Fail the task with a <see cref="StreamsException"/>.</summary>
    ShutDown,
}

/// <summary>The bounds of a suppression buffer (Kafka's <c>BufferConfig</c>); the buffer is logged to a changelog unless disabled.</summary>
public sealed class BufferConfig
{
    private BufferConfig(long records, long bytes, BufferFullBehavior behavior, bool logging)
    {
        RecordLimit = records;
        ByteLimit = bytes;
        FullBehavior = behavior;
        LoggingEnabled = logging;
    }

    /// <summary>At most this many keys are buffered.</summary>
    public long RecordLimit { get; }

    /// <summary>At most about this many bytes are buffered (keys, values and a fixed overhead per entry).</summary>
    public long ByteLimit { get; }

    public BufferFullBehavior FullBehavior { get; }

    /// <summary>Whether the buffer is backed by the changelog <c>&lt;application.id&gt;-&lt;store&gt;-changelog</c> (on by default), so it survives restarts.</summary>
    public bool LoggingEnabled { get; }

    /// <summary>No limit; a buffer that cannot grow fails the task (Kafka's <c>unbounded()</c>).</summary>
    public static BufferConfig Unbounded() => new(long.MaxValue, long.MaxValue, BufferFullBehavior.ShutDown, true);

    /// <summary>At most <paramref name="records"/> keys; emits early when full.</summary>
    public static BufferConfig MaxRecords(long records)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(records);
        return new(records, long.MaxValue, BufferFullBehavior.EmitEarly, true);
    }

    /// <summary>At most about <paramref name="bytes"/> bytes; emits early when full.</summary>
    public static BufferConfig MaxBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new(long.MaxValue, bytes, BufferFullBehavior.EmitEarly, true);
    }

    public BufferConfig WithMaxRecords(long records) => new(records, ByteLimit, FullBehavior, LoggingEnabled);

    public BufferConfig WithMaxBytes(long bytes) => new(RecordLimit, bytes, FullBehavior, LoggingEnabled);

    public BufferConfig EmitEarlyWhenFull() => new(RecordLimit, ByteLimit, BufferFullBehavior.EmitEarly, LoggingEnabled);

    public BufferConfig ShutDownWhenFull() => new(RecordLimit, ByteLimit, BufferFullBehavior.ShutDown, LoggingEnabled);

    /// <summary>Keeps the buffer in memory only: after a restart its records are lost.</summary>
    public BufferConfig WithLoggingDisabled() => new(RecordLimit, ByteLimit, FullBehavior, false);
}

/// <summary>How <c>KTable.Suppress</c> holds back updates (Kafka's <c>Suppressed</c>).</summary>
public sealed class Suppressed
{
    private Suppressed(bool finalResults, long timeLimitMs, BufferConfig buffer, string? name)
    {
        FinalResults = finalResults;
        TimeLimitMs = timeLimitMs;
        Buffer = buffer;
        Name = name;
    }

    /// <summary>True for <see cref="UntilWindowCloses"/>.</summary>
    public bool FinalResults { get; }

    /// <summary>For <see cref="UntilTimeLimit"/>: how long (in stream time) after a key's first buffered update it is emitted.</summary>
    public long TimeLimitMs { get; }

    public BufferConfig Buffer { get; }

    /// <summary>The processor's name (its buffer store is <c>&lt;name&gt;-store</c>).</summary>
    public string? Name { get; }

    /// <summary>
    /// Emits one final result per window of a windowed table, when stream time reaches the window's end plus its grace period.
    /// The buffer must not emit early (that would not be final): <see cref="BufferConfig.Unbounded"/> or a bound that shuts down when full.
    /// </summary>
    public static Suppressed UntilWindowCloses(BufferConfig buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.FullBehavior == BufferFullBehavior.EmitEarly)
            throw new ArgumentException("final results cannot be emitted early: use BufferConfig.Unbounded() or ShutDownWhenFull()", nameof(buffer));
        return new(true, 0, buffer, null);
    }

    /// <summary>Emits the latest value of a key once stream time passes <paramref name="timeToWait"/> after its first buffered update (or earlier when the buffer is full and emits early).</summary>
    public static Suppressed UntilTimeLimit(TimeSpan timeToWait, BufferConfig buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        return new(false, WindowArgs.Milliseconds(timeToWait, nameof(timeToWait), positive: false), buffer, null);
    }

    /// <summary>Names the suppression processor (and its store <c>&lt;name&gt;-store</c>).</summary>
    public Suppressed WithName(string name) => new(FinalResults, TimeLimitMs, Buffer, Named.As(name).Name);
}
