namespace Streaming.Streams.TestDriver;

/// <summary>How a <see cref="TopologyTestDriver"/> runs.</summary>
public sealed class TopologyTestDriverOptions
{
    /// <summary>The start of the driver's mock wall clock. <value>Default: the Unix epoch.</value></summary>
    public DateTimeOffset InitialWallClockTime { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>
    /// Commit (flush caches, which forwards their de-duplicated updates) after every piped record, as Kafka's driver does.
    /// When false, the driver commits only when the wall clock has advanced by <c>commit.interval.ms</c> since the last commit
    /// and on <see cref="TopologyTestDriver.Dispose"/>. <value>Default: true.</value>
    /// </summary>
    public bool CommitAfterEachInput { get; init; } = true;

    /// <summary>Delete the tasks' state directories on dispose (the driver's state is throwaway). <value>Default: true.</value></summary>
    public bool DeleteStateOnDispose { get; init; } = true;
}
